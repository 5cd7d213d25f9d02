#include "tests/support/lesson_harness.h"

#include "engine/arena/arena.h"
#include "engine/mp/detail/runtime.h"
#include "scenarios/lesson.h"

#include <stdexcept>

#include <dirent.h>
#include <signal.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace proclab::testing {
namespace {

class CollectingSink : public host::TraceSink {
public:
    explicit CollectingSink(std::vector<trace::TraceRecord>& out) : out_(out) {}
    void consume(std::span<const trace::TraceRecord> records) override {
        out_.insert(out_.end(), records.begin(), records.end());
    }

private:
    std::vector<trace::TraceRecord>& out_;
};

} // namespace

std::size_t LessonRun::count(trace::Op op) const {
    std::size_t n = 0;
    for (const auto& r : records)
        n += r.op == static_cast<uint16_t>(op) ? 1 : 0;
    return n;
}

std::size_t LessonRun::count(trace::Op op, trace::Phase phase) const {
    std::size_t n = 0;
    for (const auto& r : records)
        n += (r.op == static_cast<uint16_t>(op) && r.phase == static_cast<uint8_t>(phase)) ? 1 : 0;
    return n;
}

std::vector<std::string> LessonRun::lines(bool chinese) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        if (r.op != static_cast<uint16_t>(trace::Op::Say)) {
            i += trace::payloadRecordsOf(r); // skip the text of other records
            continue;
        }
        const auto arg = static_cast<uint64_t>(r.arg);
        const uint64_t zh = arg >> 32;
        const uint64_t en = arg & 0xFFFFFFFFu;
        const auto* text = reinterpret_cast<const char*>(&records[i + 1]);
        if (chinese)
            out.emplace_back(text, zh);
        else
            out.emplace_back(text + zh, en);
        i += trace::payloadRecordsOf(r);
    }
    return out;
}

std::map<std::string, int64_t> LessonRun::outcomes() const {
    std::map<std::string, int64_t> out;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        if (r.op == static_cast<uint16_t>(trace::Op::Outcome))
            out[std::string(reinterpret_cast<const char*>(&records[i + 1]), r.object)] = r.arg;
        i += trace::payloadRecordsOf(r);
    }
    return out;
}

std::vector<LessonRun::Invariant> LessonRun::invariants() const {
    std::vector<Invariant> out;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        if (r.op == static_cast<uint16_t>(trace::Op::Invariant))
            out.push_back({std::string(reinterpret_cast<const char*>(&records[i + 1]), r.object),
                           (r.arg & 1) != 0, (r.arg & 2) != 0});
        i += trace::payloadRecordsOf(r);
    }
    return out;
}

bool LessonRun::invariantsHeld() const {
    for (const auto& inv : invariants())
        if (inv.mustHold && !inv.held)
            return false;
    return true;
}

LessonRun runScenario(std::string_view id, const std::vector<std::string>& settings,
                      host::HostConfig config) {
    const scenarios::Lesson* lesson = scenarios::findLesson(id);
    if (lesson == nullptr)
        throw std::invalid_argument("no lesson " + std::string(id));
    scenarios::Params params = lesson->defaults();
    if (const std::string error = lesson->apply(settings, params); !error.empty())
        throw std::invalid_argument(error);
    return runLesson([lesson, params] { lesson->run(params); }, config);
}

host::HostConfig stepConfig(control::StepPolicy policy, uint64_t seed) {
    auto config = testConfig();
    config.mode = arena::GateMode::Step;
    config.stepPolicy = policy;
    config.seed = seed;
    return config;
}

host::HostConfig testConfig() {
    host::HostConfig config;
    config.arena.maxProcs = 256;
    config.arena.maxObjects = 128;
    config.arena.ringCapacity = 1024;
    config.arena.dataBytes = 8ull << 20;
    config.arena.maxProcesses = 200;
    config.timeoutSeconds = 60;
    return config;
}

LessonRun runLesson(const std::function<void()>& lessonMain, host::HostConfig config) {
    LessonRun run;
    run.host = std::make_unique<host::Host>(config);
    CollectingSink sink(run.records);
    run.result = run.host->run(lessonMain, &sink);
    return run;
}

bool waitUntil(const std::function<bool()>& condition, double timeoutSeconds) {
    const uint64_t deadline = arena::monotonicNs() + static_cast<uint64_t>(timeoutSeconds * 1e9);
    while (!condition()) {
        if (arena::monotonicNs() > deadline)
            return false;
        const timespec pause{0, 200'000};
        nanosleep(&pause, nullptr);
    }
    return true;
}

session::ObjectView view(uint32_t objectId) {
    session::ObjectView v;
    session::readObject(*mp::detail::rt().arena, objectId, v);
    return v;
}

std::size_t waiting(uint32_t objectId, uint32_t list) {
    return view(objectId).waiters[list].size();
}

std::vector<int> processesInGroup(int pgid) {
    std::vector<int> pids;
    DIR* proc = opendir("/proc");
    if (proc == nullptr)
        return pids;
    while (dirent* entry = readdir(proc)) {
        const int pid = std::atoi(entry->d_name);
        if (pid <= 0)
            continue;
        if (getpgid(pid) == pgid && !processGone(pid))
            pids.push_back(pid);
    }
    closedir(proc);
    return pids;
}

bool processGone(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat)
        return true;
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    return close == std::string::npos || close + 2 >= line.size() || line[close + 2] == 'Z' ||
           line[close + 2] == 'X';
}

} // namespace proclab::testing
