#pragma once
// One fixed-size trace record per step point. A narrative line (say) is one Say
// record followed by payload records carrying its text, so the ring stays uniform.

#include <cstdint>
#include <string_view>

namespace proclab::trace {

enum class Op : uint16_t {
    None = 0,
    // processes
    Start,     // arg: child pid (end) or errno (fail)
    Exit,      // arg: exit code (>= 0) or -signal
    Join,      // arg: child pid
    Terminate, // arg: target pid
    Kill,      // arg: target pid
    Reaped,    // host: arg: exit status
    // locks and semaphores
    Acquire, // arg: rlock depth / semaphore value after
    Release,
    OwnerDied, // host: a dead process held the object; arg: its pid
    // events, conditions, barriers
    Set,
    Clear,
    Wait,   // arg: result
    Notify, // arg: woken count
    Abort,
    // queues and pipes
    Put, // arg: queue size after
    Get,
    TaskDone,
    QueueJoin,
    Send,
    Recv,
    Close,
    // shared memory
    Read,  // arg: value read
    Write, // arg: value written
    // misc
    Sleep,        // arg: nanoseconds
    Say,          // arg: zh bytes << 32 | en bytes; text follows in payload records
    Error,        // arg: errno-like code; text follows like Say
    Create,       // arg: object kind
    SelfDeadlock, // the process waits for a lock it holds itself
    Payload,      // marks nothing: payload records are raw text
    Deadlock,     // host: every live process is blocked and nothing can wake them
    Outcome,      // lesson: a figure of the outcome; arg: value; payload: its name
    Invariant,    // lesson: arg bit 0: held, bit 1: must hold; payload: its name
    Count_
};

enum class Phase : uint8_t {
    Instant = 0, // an uncontended operation: one record, no begin/end pair
    Begin = 1,   // entered an operation that may block
    Blocked = 2, // went to sleep inside the primitive
    End = 3,     // completed after Begin/Blocked
    Fail = 4,    // timed out, would block (block=False), or raised
};

enum RecordFlag : uint8_t {
    kFlagTimeout = 1u << 0,
    kFlagHandoff = 1u << 1, // ownership handed over directly by the releaser
    kFlagHost = 1u << 2,    // written by the host on behalf of a dead process
};

struct TraceRecord {
    uint64_t timeNs; // CLOCK_MONOTONIC
    int32_t pid;
    uint32_t object; // object id or arena::kNone
    uint16_t op;     // Op
    uint8_t phase;   // Phase
    uint8_t flags;   // RecordFlag
    uint16_t line;
    uint16_t file; // index into the arena's file table
    int64_t arg;
};
static_assert(sizeof(TraceRecord) == 32);

inline constexpr std::size_t kPayloadBytes = sizeof(TraceRecord);

// Records that follow a Say/Error record to carry `bytes` of text.
constexpr uint32_t payloadRecords(uint64_t bytes) {
    return static_cast<uint32_t>((bytes + kPayloadBytes - 1) / kPayloadBytes);
}

// How many payload records follow `record`:
// - Say/Error: arg = zh bytes << 32 | en bytes, the zh text then the en text;
// - Outcome/Invariant: object = name bytes, arg = the value (1/0 for an invariant).
inline uint32_t payloadRecordsOf(const TraceRecord& record) {
    const auto op = static_cast<Op>(record.op);
    if (op == Op::Say || op == Op::Error) {
        const auto arg = static_cast<uint64_t>(record.arg);
        return payloadRecords((arg >> 32) + (arg & 0xFFFFFFFFu));
    }
    if (op == Op::Outcome || op == Op::Invariant)
        return payloadRecords(record.object);
    return 0;
}

std::string_view opName(Op op);
std::string_view phaseName(Phase phase);

} // namespace proclab::trace
