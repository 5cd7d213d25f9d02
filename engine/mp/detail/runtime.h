#pragma once
// The process-local side of the runtime: who this lesson process is, its trace
// writer, its children, and the step point every operation passes through.

#include "engine/arena/arena.h"
#include "engine/trace/record.h"
#include "engine/trace/ring.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace proclab::mp::detail {

// A child this process started; shared with the Process handle that started it.
struct ChildRecord {
    int pid = 0;
    int pidfd = -1;
    uint32_t slot = arena::kNone;
    int parentPid = 0; // only this process may join the child
    bool daemon = false;
    bool reaped = false;
    int exitCode = 0; // >= 0 exit status, < 0 -signal (valid once reaped)
};

struct Runtime {
    arena::Arena* arena = nullptr;
    arena::ProcSlot* self = nullptr;
    uint32_t slot = arena::kNone;
    int pid = 0;
    int hostPidfd = -1;   // readable once the host has died
    int channelFd = -1;   // SOCK_SEQPACKET to the host
    int stepEventFd = -1; // eventfd: tells the host a process became quiescent
    trace::RingWriter writer;
    uint64_t lastHostCheckNs = 0;
    bool daemon = false;
    std::string identity; // "" for the main process, "1", "1:2", ... as Python's _identity
    uint32_t childCounter = 0;
    std::vector<std::shared_ptr<ChildRecord>> children;
    std::vector<uint32_t> openEnds; // pipe ends held: object id << 1 | end
};

// The runtime of this lesson process. Throws std::logic_error outside a lesson.
Runtime& rt();
bool inLesson();

// Becomes lesson process `slot` right after fork (the child side) and runs `body`;
// never returns: the process ends with Python's exit rules (daemon children
// terminated, other children joined).
struct LessonFds {
    int hostPidfd;   // readable once the host has died
    int channelFd;   // SOCK_SEQPACKET to the host
    int stepEventFd; // eventfd: quiescent in step mode
};
[[noreturn]] void runLessonProcess(arena::Arena* arena, uint32_t slot, const LessonFds& fds,
                                   const std::function<void()>& body);
// Ends this lesson process now with `code` after the exit rules.
[[noreturn]] void finishProcess(int code);

// Writes one record for this process.
void emit(trace::Op op, trace::Phase phase, uint32_t object, int64_t arg,
          const std::source_location& where, uint8_t flags = 0);
// Writes a record followed by its text (a narrative line in both languages). The
// record's argument holds the two lengths; `value`, if any, goes in the flags-free
// second record slot of reports (Outcome/Invariant) — see trace/record.h.
void emitText(trace::Op op, std::string_view zh, std::string_view en, uint32_t object,
              const std::source_location& where, int64_t value = 0);

// Every operation starts here: publishes what the process is about to do, then
// passes the gate (free: no wait; paced: a delay; step: a grant).
void stepPoint(trace::Op op, uint32_t object, const std::source_location& where);
// Publishes this process's state. Entering a quiescent state (ready at a gate,
// blocked, sleeping, terminated) in step mode tells the host it may decide the next
// step.
void setLessonState(arena::LessonState state);
bool stepping();
// Step mode: a process woken inside a primitive (or by its timer) is Ready, not
// running, until granted; so only one process ever moves at a time. Called at the end
// of every blocking wait, before the wait's own records are written.
void wakeGate();
void notifyHostQuiescent();

// Exits this process if the host is gone; cheap enough for every bounded wait.
void checkHost();

// When a timed wait ends. In step mode time is the run's virtual clock, advanced by
// the host, so that a stepped run does not depend on how fast anyone clicks.
struct Deadline {
    uint64_t ns = 0;           // 0: never
    bool virtualClock = false; // ns is on the run's virtual clock
    bool none() const { return ns == 0; }
};
// A Python-style timeout (None / negative: wait forever).
Deadline deadlineAfter(double timeoutSeconds);
// Arms/disarms this process's virtual timer for `deadline` (no-op for wall clock).
void armDeadline(const Deadline& deadline);
void disarmDeadline();
// Moves a deadline to the other clock when the gate's mode changed during the wait.
void refreshDeadline(Deadline& deadline);
bool deadlinePassed(const Deadline& deadline);
// How long the next bounded wait slice may be, in ns (at most `maxSliceNs`).
uint64_t sliceUntil(const Deadline& deadline, uint64_t maxSliceNs);

// Packs a source location into the arena's file id and a 16-bit line.
uint16_t fileId(const std::source_location& where);

} // namespace proclab::mp::detail
