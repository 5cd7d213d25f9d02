// The viewer's side: how fast trace records fold into the state model, and how long
// a snapshot (what the window copies each frame) takes with 1000 processes and 100
// objects. Goals (issue 3): >= 2 million records/s on one core; snapshot < 2 ms.
#include "engine/arena/arena.h"
#include "engine/session/state_model.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace proclab;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// A lesson-like trace: 1000 processes taking a lock in turn, with a narrative line
// every 64 records.
std::vector<trace::TraceRecord> syntheticTrace(std::size_t count) {
    std::vector<trace::TraceRecord> out;
    out.reserve(count + count / 16);
    uint64_t t = 1;
    for (std::size_t i = 0; out.size() < count; ++i) {
        const int pid = 1000 + static_cast<int>(i % 1000);
        const auto phase = (i % 3 == 0)   ? trace::Phase::Blocked
                           : (i % 3 == 1) ? trace::Phase::End
                                          : trace::Phase::Instant;
        const auto op = (i % 3 == 2) ? trace::Op::Release : trace::Op::Acquire;
        out.push_back(
            {t++, pid, 5, static_cast<uint16_t>(op), static_cast<uint8_t>(phase), 0, 42, 0, 1});
        if (i % 64 == 0) {
            const char text[] = "user1 占到一间ktv小屋user1 got a KTV room";
            const uint64_t zh = 24;
            const uint64_t en = sizeof text - 1 - zh;
            out.push_back({t++, pid, arena::kNone, static_cast<uint16_t>(trace::Op::Say), 0, 0, 43,
                           0, static_cast<int64_t>(zh << 32 | en)});
            trace::TraceRecord payload[2]{};
            std::memcpy(payload, text, sizeof text - 1);
            out.insert(out.end(), payload, payload + trace::payloadRecords(zh + en));
        }
    }
    return out;
}

} // namespace

int main() {
    std::printf("ProcLab session benchmark (medians of rounds)\n");
    // Ingestion, in the batch size the engine sends (2047 records).
    const auto trace = syntheticTrace(4'000'000);
    std::vector<double> rates;
    for (int round = 0; round < 7; ++round) {
        session::StateModel model;
        const auto start = Clock::now();
        for (std::size_t at = 0; at < trace.size();) {
            // Batches of about 2047 records, never splitting a narrative record from
            // its payload (the engine does not either).
            std::size_t end = at;
            while (end < trace.size() && end - at < 2047)
                end += 1 + trace::payloadRecordsOf(trace[end]);
            end = std::min(end, trace.size());
            model.ingest(std::span(trace).subspan(at, end - at));
            at = end;
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        rates.push_back(static_cast<double>(trace.size()) / seconds);
    }
    const double rate = median(rates);
    std::printf("ingestion into the state model   median %.2f M records/s (goal >= 2) %s\n",
                rate / 1e6, rate >= 2e6 ? "PASS" : "FAIL");

    // Snapshot: 1000 live processes in the arena and the model, 100 objects.
    arena::ArenaConfig config;
    config.maxProcs = 1100;
    config.maxObjects = 128;
    arena::Arena arena = arena::Arena::create(config);
    session::StateModel model;
    model.setArena(&arena);
    std::vector<trace::TraceRecord> starts;
    for (uint32_t i = 0; i < 1000; ++i) {
        const uint32_t slot = arena.allocProc();
        arena::ProcSlot& p = arena.proc(slot);
        p.pid.store(static_cast<int32_t>(5000 + i));
        std::snprintf(p.name, sizeof p.name, "Process-%u", i + 1);
        std::snprintf(p.identity, sizeof p.identity, "%u", i + 1);
        p.lessonState.store(
            static_cast<uint32_t>(i % 2 ? arena::LessonState::Ready : arena::LessonState::Blocked));
        p.state.store(static_cast<uint32_t>(arena::SlotState::Live));
        starts.push_back({1, static_cast<int32_t>(5000 + i), arena::kNone,
                          static_cast<uint16_t>(trace::Op::Start),
                          static_cast<uint8_t>(trace::Phase::End), 0, 1, 0, 4999});
    }
    for (uint32_t i = 0; i < 100; ++i)
        arena.allocObject(i % 2 ? arena::ObjectKind::Lock : arena::ObjectKind::Semaphore, "object",
                          1);
    model.ingest(starts);
    std::vector<double> times;
    std::size_t seen = 0;
    for (int round = 0; round < 200; ++round) {
        const auto start = Clock::now();
        const session::Snapshot snap = model.snapshot();
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        seen = snap.processes.size() + snap.objects.size();
    }
    const double ms = median(times);
    std::printf(
        "snapshot, 1000 processes + 100 objects  median %.3f ms (goal < 2 ms) %s  [%zu items]\n",
        ms, ms < 2.0 ? "PASS" : "FAIL", seen);
    return 0;
}
