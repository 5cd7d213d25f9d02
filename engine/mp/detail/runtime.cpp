#include "engine/mp/detail/runtime.h"

#include "engine/arena/futex.h"
#include "engine/host/lesson_channel.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <stdexcept>

namespace proclab::mp::detail {
namespace {

constexpr uint64_t kHostCheckPeriodNs = 100'000'000; // how stale a liveness check may be
constexpr uint64_t kGateSliceNs = 50'000'000;

Runtime gRuntime;
bool gInLesson = false;

struct FileCacheEntry {
    const char* name = nullptr;
    uint16_t id = 0;
};
std::array<FileCacheEntry, 16> gFileCache{};

bool hostGone() {
    const int fd = gRuntime.hostPidfd;
    if (fd < 0)
        return false;
    pollfd pfd{fd, POLLIN, 0};
    return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP)) != 0;
}

} // namespace

Runtime& rt() {
    if (!gInLesson)
        throw std::logic_error("ProcLab primitives can only be used inside a lesson process");
    return gRuntime;
}

bool inLesson() {
    return gInLesson;
}

// Used by runLessonProcess (process.cpp) to switch this process over.
Runtime& resetRuntimeForChild() {
    gInLesson = true;
    return gRuntime;
}

bool nudgeHost(bool full) {
    if (hostGone())
        _exit(host::kExitHostGone);
    const host::LessonMessage message{host::LessonMessageType::RingFilling, gRuntime.slot,
                                      gRuntime.pid, full ? 1u : 0u};
    send(gRuntime.channelFd, &message, sizeof message, MSG_DONTWAIT | MSG_NOSIGNAL);
    return true;
}

uint16_t fileId(const std::source_location& where) {
    const char* name = where.file_name();
    for (const auto& entry : gFileCache)
        if (entry.name == name)
            return entry.id;
    const uint16_t id = gRuntime.arena->internFile(name);
    std::rotate(gFileCache.rbegin(), gFileCache.rbegin() + 1, gFileCache.rend());
    gFileCache[0] = FileCacheEntry{name, id};
    return id;
}

void emit(trace::Op op, trace::Phase phase, uint32_t object, int64_t arg,
          const std::source_location& where, uint8_t flags) {
    Runtime& r = gRuntime;
    const uint64_t now = arena::monotonicNs();
    const trace::TraceRecord record{
        now,
        r.pid,
        object,
        static_cast<uint16_t>(op),
        static_cast<uint8_t>(phase),
        flags,
        static_cast<uint16_t>(std::min<uint_least32_t>(where.line(), 0xFFFF)),
        fileId(where),
        arg};
    r.writer.write(record);
    if (now - r.lastHostCheckNs > kHostCheckPeriodNs) {
        r.lastHostCheckNs = now;
        checkHost();
    }
}

void emitText(trace::Op op, std::string_view zh, std::string_view en, uint32_t object,
              const std::source_location& where, int64_t value) {
    // Keep a line within a few records so one write never needs more than half a ring.
    constexpr std::size_t kMaxText = 1024;
    zh = zh.substr(0, kMaxText);
    en = en.substr(0, kMaxText);
    const uint64_t textBytes = zh.size() + en.size();
    std::vector<trace::TraceRecord> records(1 + trace::payloadRecords(textBytes));
    Runtime& r = gRuntime;
    records[0] =
        trace::TraceRecord{arena::monotonicNs(),
                           r.pid,
                           object,
                           static_cast<uint16_t>(op),
                           static_cast<uint8_t>(trace::Phase::Instant),
                           0,
                           static_cast<uint16_t>(std::min<uint_least32_t>(where.line(), 0xFFFF)),
                           fileId(where),
                           static_cast<int64_t>((uint64_t{zh.size()} << 32) | en.size())};
    if (op == trace::Op::Outcome || op == trace::Op::Invariant) {
        records[0].object = static_cast<uint32_t>(zh.size());
        records[0].arg = value;
    }
    auto* text = reinterpret_cast<char*>(records.data() + 1);
    std::copy(zh.begin(), zh.end(), text);
    std::copy(en.begin(), en.end(), text + zh.size());
    r.writer.write(records);
}

bool stepping() {
    return gRuntime.arena->header().gate.mode.load(std::memory_order_acquire) ==
           static_cast<uint32_t>(arena::GateMode::Step);
}

void notifyHostQuiescent() {
    if (gRuntime.stepEventFd >= 0 && stepping()) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = write(gRuntime.stepEventFd, &one, sizeof one);
    }
}

void setLessonState(arena::LessonState state) {
    gRuntime.self->lessonState.store(static_cast<uint32_t>(state), std::memory_order_seq_cst);
    if (state != arena::LessonState::Running && state != arena::LessonState::New)
        notifyHostQuiescent();
}

namespace {

// Step mode: ready at a gate until the host grants this process one step. The host
// marks it Running before granting, so it never looks quiescent while it moves.
void waitForStepGrant() {
    Runtime& r = gRuntime;
    arena::ProcSlot& self = *r.self;
    const arena::GateControl& gate = r.arena->header().gate;
    setLessonState(arena::LessonState::Ready);
    while (self.stepGrant.load(std::memory_order_acquire) == 0 &&
           gate.mode.load(std::memory_order_acquire) ==
               static_cast<uint32_t>(arena::GateMode::Step)) {
        arena::futexWait(self.stepGrant, 0, kGateSliceNs * 2);
        checkHost();
    }
    self.stepGrant.store(0, std::memory_order_relaxed);
    self.steps.fetch_add(1, std::memory_order_relaxed);
    setLessonState(arena::LessonState::Running);
}

void passGateSlow() {
    Runtime& r = gRuntime;
    arena::GateControl& gate = r.arena->header().gate;
    for (;;) {
        const uint32_t epoch = gate.epoch.load(std::memory_order_acquire);
        const auto mode = static_cast<arena::GateMode>(gate.mode.load(std::memory_order_acquire));
        if (mode == arena::GateMode::Step) {
            waitForStepGrant();
            return;
        }
        if (gate.paused.load(std::memory_order_acquire) != 0) {
            setLessonState(arena::LessonState::Ready);
            arena::futexWait(gate.epoch, epoch, kGateSliceNs * 2);
            checkHost();
            continue;
        }
        if (mode == arena::GateMode::Paced) {
            // Sleep the delay in slices so that a slider change or a mode switch
            // takes effect at once.
            const uint64_t start = arena::monotonicNs();
            for (;;) {
                const uint64_t delay = gate.delayNs.load(std::memory_order_relaxed);
                const uint64_t elapsed = arena::monotonicNs() - start;
                if (elapsed >= delay)
                    break;
                arena::futexWait(gate.epoch, gate.epoch.load(std::memory_order_acquire),
                                 std::min(delay - elapsed, kGateSliceNs));
                checkHost();
                if (gate.mode.load(std::memory_order_acquire) !=
                        static_cast<uint32_t>(arena::GateMode::Paced) ||
                    gate.paused.load(std::memory_order_acquire) != 0)
                    break;
            }
            if (gate.paused.load(std::memory_order_acquire) != 0 ||
                gate.mode.load(std::memory_order_acquire) ==
                    static_cast<uint32_t>(arena::GateMode::Step))
                continue;
        }
        setLessonState(arena::LessonState::Running);
        return;
    }
}

} // namespace

void stepPoint(trace::Op op, uint32_t object, const std::source_location& where) {
    Runtime& r = gRuntime;
    arena::ProcSlot& self = *r.self;
    self.curOp.store(static_cast<uint32_t>(op), std::memory_order_relaxed);
    self.curObject.store(object, std::memory_order_relaxed);
    self.curWhere.store(uint32_t{fileId(where)} << 16 |
                            std::min<uint_least32_t>(where.line(), 0xFFFF),
                        std::memory_order_relaxed);
    const arena::GateControl& gate = r.arena->header().gate;
    if (gate.mode.load(std::memory_order_relaxed) != 0 ||
        gate.paused.load(std::memory_order_relaxed) != 0)
        passGateSlow();
}

void wakeGate() {
    if (stepping())
        waitForStepGrant();
}

void checkHost() {
    if (hostGone())
        _exit(host::kExitHostGone);
}

Deadline deadlineAfter(double timeoutSeconds) {
    if (timeoutSeconds < 0)
        return {};
    const auto ns = static_cast<uint64_t>(timeoutSeconds * 1e9);
    if (stepping()) {
        const uint64_t now = gRuntime.arena->header().gate.virtualNowNs.load();
        return Deadline{now + std::max<uint64_t>(ns, 1), true};
    }
    return Deadline{arena::monotonicNs() + std::max<uint64_t>(ns, 1), false};
}

void armDeadline(const Deadline& deadline) {
    arena::ProcSlot& self = *gRuntime.self;
    self.timerFired.store(0, std::memory_order_relaxed);
    const bool timed = !deadline.none();
    self.wakeAtVirtualNs.store(timed && deadline.virtualClock ? deadline.ns : 0,
                               std::memory_order_seq_cst);
    self.timedWait.store(timed && !deadline.virtualClock ? 1 : 0, std::memory_order_seq_cst);
}

void disarmDeadline() {
    arena::ProcSlot& self = *gRuntime.self;
    self.wakeAtVirtualNs.store(0, std::memory_order_seq_cst);
    self.timedWait.store(0, std::memory_order_seq_cst);
    self.timerFired.store(0, std::memory_order_relaxed);
}

void refreshDeadline(Deadline& deadline) {
    if (deadline.none() || gRuntime.self->timerFired.load(std::memory_order_acquire) != 0)
        return;
    const bool step = stepping();
    if (deadline.virtualClock == step)
        return;
    // The gate changed mode during the wait: keep the time that was left.
    const uint64_t virtualNow = gRuntime.arena->header().gate.virtualNowNs.load();
    const uint64_t wallNow = arena::monotonicNs();
    const uint64_t now = deadline.virtualClock ? virtualNow : wallNow;
    const uint64_t left = std::max<uint64_t>(deadline.ns > now ? deadline.ns - now : 0, 1);
    deadline = Deadline{(step ? virtualNow : wallNow) + left, step};
    armDeadline(deadline);
}

bool deadlinePassed(const Deadline& deadline) {
    if (deadline.none())
        return false;
    if (deadline.virtualClock)
        return gRuntime.self->timerFired.load(std::memory_order_acquire) != 0;
    return arena::monotonicNs() >= deadline.ns;
}

uint64_t sliceUntil(const Deadline& deadline, uint64_t maxSliceNs) {
    if (deadline.none() || deadline.virtualClock)
        return maxSliceNs;
    const uint64_t now = arena::monotonicNs();
    return now >= deadline.ns ? 0 : std::min(maxSliceNs, deadline.ns - now);
}

} // namespace proclab::mp::detail
