#pragma once
// The arena's binary layout: one memfd mapped MAP_SHARED by the host, inherited by
// every lesson process and mapped read-only by viewers. Everything inside is
// addressed by index or offset, never by pointer, because a viewer maps it at
// another address. Bump kLayoutVersion on any change to these structs.

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace proclab::arena {

inline constexpr uint32_t kMagic = 0x424C5250; // "PRLB" little-endian
inline constexpr uint32_t kLayoutVersion = 2;
inline constexpr uint32_t kNone = 0xFFFFFFFFu; // "no slot / no object"
inline constexpr uint32_t kHostSlot = 0;       // the host writes its own events here
inline constexpr uint32_t kMainSlot = 1;       // the lesson's main process
inline constexpr std::size_t kNameBytes = 48;
inline constexpr std::size_t kIdentityBytes = 32;
inline constexpr std::size_t kFileNameBytes = 192;
inline constexpr uint32_t kWaitLists = 3; // e.g. getters / putters / joiners of a queue
inline constexpr uint32_t kMaxHolders = 32;
inline constexpr uint32_t kMaxOpenEnds = 16;

static_assert(std::atomic<uint64_t>::is_always_lock_free);
static_assert(std::atomic<uint32_t>::is_always_lock_free);
static_assert(std::atomic<int64_t>::is_always_lock_free);

// A small typed value stored inline: queue items, pipe mirror entries, handoffs.
struct MessageSlot {
    uint8_t kind; // proclab::mp::Message::Kind
    uint8_t pad0;
    uint16_t length; // bytes used in text for Str/Bytes
    uint32_t pad1;
    union {
        int64_t i;
        double f;
        char text[56];
    } u;
};
static_assert(sizeof(MessageSlot) == 64);

enum class SlotState : uint32_t {
    Free = 0,
    Reserved = 1, // allocated by the parent, fork not yet returned
    Live = 2,     // the process has started running
    Exited = 3,   // the process has ended (may still be a zombie)
    Drained = 4,  // dead and its trace ring emptied; the slot can be reused
};

enum class LessonState : uint32_t {
    New = 0,
    Ready = 1, // waiting at a gate for a grant (step mode)
    Running = 2,
    Blocked = 3,
    Sleeping = 4,
    Terminated = 5,
};

enum ProcFlag : uint32_t {
    kFlagDaemon = 1u << 0,
    kFlagHost = 1u << 1,
    kFlagMain = 1u << 2,
};

struct alignas(64) ProcSlot {
    // Identity: written by the parent before fork and by the child at start.
    std::atomic<uint32_t> state; // SlotState
    std::atomic<int32_t> pid;    // 0 until the child has started
    std::atomic<int32_t> ppid;   // parent pid at start (the kernel's view may differ later)
    uint32_t parentSlot;
    uint32_t flags;                   // ProcFlag
    std::atomic<uint32_t> generation; // bumped on every reuse of the slot
    char name[kNameBytes];
    // Python's _identity ("main", "1", "1:2"): stable from run to run, so recorded
    // step grants name processes by it, not by pid.
    char identity[kIdentityBytes];

    // Live status for viewers (relaxed stores at every step point).
    std::atomic<uint32_t> lessonState; // LessonState
    std::atomic<uint32_t> curOp;       // trace::Op
    std::atomic<uint32_t> curObject;   // object id or kNone
    std::atomic<uint32_t> curWhere;    // file id << 16 | line
    std::atomic<int32_t> exitCode;     // valid in Exited: >= 0 code, < 0 -signal
    std::atomic<int32_t> joinTarget;   // pid waited for while blocked in join

    // Blocking, guarded by the guard of the object waited on.
    std::atomic<uint32_t> granted; // futex word: 1 once a waker handed us what we wait for
    uint32_t waitObject;           // object id while queued on its wait list, else kNone
    uint32_t waitList;             // which list of that object
    uint32_t waitPrev;             // doubly linked so that a timed-out waiter leaves in O(1)
    uint32_t waitNext;
    std::atomic<uint32_t> timedWait; // 1 while in a wait with a wall-clock deadline
    int64_t waitArg;                 // what the waiter asks for (semaphore permits, ...)
    uint64_t waitTicket;             // arrival order on the wait list
    MessageSlot mailbox;             // item handed over directly by a waker (queue get / put)

    // Step mode: the host lets the process pass one gate (futex word), fires its
    // timer when the run's virtual clock reaches wakeAtVirtualNs (sleep, timed waits).
    std::atomic<uint32_t> stepGrant;
    std::atomic<uint32_t> timerFired;
    std::atomic<uint64_t> wakeAtVirtualNs; // 0: no virtual deadline
    std::atomic<uint64_t> steps;           // gates passed

    // Pipe ends this process holds open (object id << 1 | end), so that the host can
    // close the books when the process dies.
    std::atomic<uint32_t> openEnds[kMaxOpenEnds];

    // This process's trace ring: single producer (the process), single consumer (the
    // host). Head and tail live on their own cache lines.
    alignas(64) std::atomic<uint64_t> ringHead;
    alignas(64) std::atomic<uint64_t> ringTail;
    std::atomic<uint32_t> writerWaiting; // futex word: the writer sleeps on a full ring
    std::atomic<uint32_t> fillNotified;  // the writer told the host its ring is filling
};
static_assert(sizeof(ProcSlot) % 64 == 0);
static_assert(offsetof(ProcSlot, ringHead) % 64 == 0);
static_assert(offsetof(ProcSlot, ringTail) % 64 == 0);

enum class ObjectKind : uint32_t {
    Free = 0,
    Lock = 1,
    RLock = 2,
    Semaphore = 3,
    BoundedSemaphore = 4,
    Event = 5,
    Condition = 6,
    Barrier = 7,
    Queue = 8,
    JoinableQueue = 9,
    Pipe = 10,
    Value = 11,
    Array = 12,
    File = 13, // a real file the lesson reads and writes; items[0] mirrors its content
};

struct WaitListHeader {
    uint32_t head; // proc slot index or kNone
    uint32_t tail;
    uint32_t length;
    uint32_t pad;
};

struct Holder {
    uint32_t slot;  // process holding permits, kNone when unused
    uint32_t count; // permits it holds
};

struct alignas(64) ObjectSlot {
    pthread_mutex_t guard;      // robust, process-shared; short critical sections only
    std::atomic<uint32_t> seq;  // seqlock for viewers: odd while a writer changes the object
    std::atomic<uint32_t> kind; // ObjectKind; Free until fully initialised
    char name[kNameBytes];
    uint32_t creatorSlot;
    uint32_t flags;

    // Lock / RLock: owner word (slot + 1, 0 when free; bit 31 = has waiters).
    std::atomic<uint32_t> lockWord;
    uint32_t typeCode; // Value/Array element type: 'i', 'l', 'd', 'b' as Python's typecodes
    std::atomic<int64_t> count;       // semaphore value, rlock depth, barrier arrivals, value
    std::atomic<int64_t> limit;       // bounded max, queue maxsize, barrier parties, array length
    std::atomic<int64_t> unfinished;  // JoinableQueue unfinished tasks
    std::atomic<uint32_t> flag;       // event flag, barrier broken, pipe duplex
    std::atomic<uint32_t> generation; // barrier cycles, condition notifications
    uint64_t ticketCounter;

    WaitListHeader waits[kWaitLists];
    Holder holders[kMaxHolders]; // semaphore permits by process (robust release, viewer)

    // Item storage (queues, the pipe mirror, arrays) in the arena's data area.
    uint64_t dataOffset;
    uint32_t itemCapacity;
    std::atomic<uint32_t> itemHead;
    std::atomic<uint32_t> itemCount;
    std::atomic<uint32_t> openEnds[2];     // pipe: processes holding each end
    std::atomic<uint64_t> inFlightDropped; // pipe mirror overflow
};
static_assert(sizeof(ObjectSlot) % 64 == 0);
static_assert(sizeof(ObjectSlot) <= 640);

// A Pipe's messages in flight for viewers, one per direction in the data area: the
// most recent kPipeMirrorSlots; older ones are only counted. The kernel holds the
// real messages.
inline constexpr uint32_t kPipeMirrorSlots = 16;
struct PipeMirror {
    uint32_t head;
    uint32_t count;
    uint64_t dropped;
    uint8_t pad[48];
    MessageSlot slots[kPipeMirrorSlots];
};
static_assert(sizeof(PipeMirror) == 64 + kPipeMirrorSlots * sizeof(MessageSlot));

struct FileName {
    char path[kFileNameBytes];
};

enum class GateMode : uint32_t { Free = 0, Paced = 1, Step = 2 };

struct alignas(64) GateControl {
    std::atomic<uint32_t> mode;    // GateMode
    std::atomic<uint32_t> paused;  // every process waits at its next step point
    std::atomic<uint64_t> delayNs; // paced mode: wait at each step point
    std::atomic<uint32_t> epoch;   // futex word bumped whenever the gate changes
    uint32_t pad;
    std::atomic<uint64_t> virtualNowNs; // step mode: the run's clock, advanced by the host
    std::atomic<uint64_t> grants;       // step mode: grants given so far
};

struct alignas(64) ArenaHeader {
    uint32_t magic;
    uint32_t version;
    uint64_t totalBytes;
    uint32_t headerBytes;
    uint32_t maxProcs;
    uint32_t maxObjects;
    uint32_t ringCapacity; // records per process ring, a power of two
    uint32_t maxFiles;
    uint32_t recordBytes;
    uint64_t procTableOffset;
    uint64_t objectTableOffset;
    uint64_t fileTableOffset;
    uint64_t ringsOffset;
    uint64_t dataOffset;
    uint64_t dataBytes;
    int32_t hostPid;
    uint32_t maxProcesses; // how many lesson processes one run may create
    int64_t runStartNs;    // CLOCK_MONOTONIC at arena creation

    alignas(64) std::atomic<uint64_t> dataUsed;
    std::atomic<uint32_t> objectCount; // objects are never freed during a run
    std::atomic<uint32_t> fileCount;
    std::atomic<uint32_t> procHighWater; // slots [0, procHighWater) have been used
    std::atomic<uint32_t> processesStarted;
    std::atomic<uint32_t> language; // 0 zh, 1 en: the narrative language of headless output
    std::atomic<uint32_t> stopping; // the host is ending the run

    GateControl gate;
    pthread_mutex_t fileTableGuard;
    char runDir[128]; // private directory of the run, removed by the host at its end
};
static_assert(sizeof(ArenaHeader) % 64 == 0);

} // namespace proclab::arena
