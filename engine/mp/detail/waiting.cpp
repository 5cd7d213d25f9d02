#include "engine/mp/detail/waiting.h"

#include "engine/arena/futex.h"
#include "engine/mp/detail/runtime.h"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <tuple>

namespace proclab::mp::detail {
namespace {

constexpr uint64_t kWaitSliceNs = 100'000'000; // bounded so that a dead host is noticed

bool slotAlive(const arena::ProcSlot& proc) {
    const auto state = static_cast<arena::SlotState>(proc.state.load(std::memory_order_acquire));
    if (state != arena::SlotState::Live && state != arena::SlotState::Reserved)
        return false;
    const int pid = proc.pid.load(std::memory_order_relaxed);
    return pid > 0 && ::kill(pid, 0) == 0;
}

} // namespace

ObjectGuard::ObjectGuard(arena::Arena& arena, uint32_t id)
    : arena_(arena), obj_(arena.object(id)), id_(id) {
    const bool ownerDied = arena::lockShared(obj_.guard);
    const uint32_t seq = obj_.seq.load(std::memory_order_relaxed);
    if ((seq & 1u) == 0)
        obj_.seq.store(seq + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    if (ownerDied)
        repairAfterOwnerDeath();
}

ObjectGuard::ObjectGuard(arena::Arena& arena, uint32_t id, TryOnly)
    : arena_(arena), obj_(arena.object(id)), id_(id) {
    const int rc = pthread_mutex_trylock(&obj_.guard);
    if (rc == EBUSY) {
        owns_ = false;
        return;
    }
    if (rc == EOWNERDEAD)
        pthread_mutex_consistent(&obj_.guard);
    const uint32_t seq = obj_.seq.load(std::memory_order_relaxed);
    if ((seq & 1u) == 0)
        obj_.seq.store(seq + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    if (rc == EOWNERDEAD)
        repairAfterOwnerDeath();
}

ObjectGuard::~ObjectGuard() {
    if (!owns_)
        return;
    const uint32_t seq = obj_.seq.load(std::memory_order_relaxed);
    obj_.seq.store((seq | 1u) + 1, std::memory_order_release);
    pthread_mutex_unlock(&obj_.guard);
    for (uint32_t slot : toWake_)
        wakeSlot(arena_, slot);
}

void ObjectGuard::enqueue(uint32_t list, uint32_t slot, int64_t arg, bool markBlocked) {
    arena::ProcSlot& proc = arena_.proc(slot);
    arena::WaitListHeader& header = obj_.waits[list];
    proc.granted.store(0, std::memory_order_relaxed);
    proc.waitObject = id_;
    proc.waitList = list;
    proc.waitArg = arg;
    proc.waitTicket = ++obj_.ticketCounter;
    proc.waitPrev = header.tail;
    proc.waitNext = arena::kNone;
    if (header.tail != arena::kNone)
        arena_.proc(header.tail).waitNext = slot;
    else
        header.head = slot;
    header.tail = slot;
    ++header.length;
    if (markBlocked)
        proc.lessonState.store(static_cast<uint32_t>(arena::LessonState::Blocked),
                               std::memory_order_seq_cst);
}

void ObjectGuard::remove(uint32_t slot) {
    arena::ProcSlot& proc = arena_.proc(slot);
    if (proc.waitObject != id_)
        return;
    arena::WaitListHeader& header = obj_.waits[proc.waitList];
    if (proc.waitPrev != arena::kNone)
        arena_.proc(proc.waitPrev).waitNext = proc.waitNext;
    else
        header.head = proc.waitNext;
    if (proc.waitNext != arena::kNone)
        arena_.proc(proc.waitNext).waitPrev = proc.waitPrev;
    else
        header.tail = proc.waitPrev;
    --header.length;
    proc.waitObject = arena::kNone;
    proc.waitPrev = proc.waitNext = arena::kNone;
}

uint32_t ObjectGuard::popHead(uint32_t list) {
    const uint32_t slot = obj_.waits[list].head;
    if (slot != arena::kNone)
        remove(slot);
    return slot;
}

void ObjectGuard::grant(uint32_t slot) {
    arena::ProcSlot& proc = arena_.proc(slot);
    proc.granted.store(1, std::memory_order_seq_cst);
    proc.lessonState.store(static_cast<uint32_t>(arena::LessonState::Running),
                           std::memory_order_seq_cst);
    toWake_.push_back(slot);
}

void ObjectGuard::addHolder(uint32_t slot, uint32_t count) {
    arena::Holder* free = nullptr;
    for (auto& holder : obj_.holders) {
        if (holder.slot == slot) {
            holder.count += count;
            return;
        }
        if (holder.slot == arena::kNone && free == nullptr)
            free = &holder;
    }
    // More distinct holders than the table keeps: the permit is simply not tracked.
    if (free != nullptr)
        *free = arena::Holder{slot, count};
}

bool ObjectGuard::dropHolder(uint32_t slot, uint32_t count) {
    for (auto& holder : obj_.holders) {
        if (holder.slot == slot) {
            holder.count -= std::min(holder.count, count);
            if (holder.count == 0)
                holder.slot = arena::kNone;
            return true;
        }
    }
    return false;
}

void ObjectGuard::repairAfterOwnerDeath() {
    // A process died inside this guard: the wait lists may be half-linked. Rebuild
    // them from the waiters' own slots, in ticket order, leaving out the dead.
    std::vector<std::tuple<uint32_t, uint64_t, uint32_t>> waiters; // list, ticket, slot
    const uint32_t high = arena_.header().procHighWater.load(std::memory_order_acquire);
    for (uint32_t slot = 0; slot < high; ++slot) {
        arena::ProcSlot& proc = arena_.proc(slot);
        if (proc.waitObject != id_)
            continue;
        if (slotAlive(proc) && proc.waitList < arena::kWaitLists)
            waiters.emplace_back(proc.waitList, proc.waitTicket, slot);
        else
            proc.waitObject = arena::kNone;
    }
    std::sort(waiters.begin(), waiters.end());
    for (auto& header : obj_.waits)
        header = arena::WaitListHeader{arena::kNone, arena::kNone, 0, 0};
    for (const auto& [list, ticket, slot] : waiters) {
        std::ignore = ticket;
        arena::ProcSlot& proc = arena_.proc(slot);
        arena::WaitListHeader& header = obj_.waits[list];
        proc.waitPrev = header.tail;
        proc.waitNext = arena::kNone;
        if (header.tail != arena::kNone)
            arena_.proc(header.tail).waitNext = slot;
        else
            header.head = slot;
        header.tail = slot;
        ++header.length;
    }
}

bool waitForGrant(Deadline deadline) {
    std::atomic<uint32_t>& word = rt().self->granted;
    armDeadline(deadline);
    notifyHostQuiescent();
    bool result = false;
    for (;;) {
        if (word.load(std::memory_order_acquire) != 0) {
            word.store(
                0, std::memory_order_relaxed); // consumed: a stale grant would look like a wake-up
            result = true;
            break;
        }
        refreshDeadline(deadline);
        if (deadlinePassed(deadline))
            break;
        const uint64_t slice = sliceUntil(deadline, kWaitSliceNs);
        if (slice == 0)
            break;
        arena::futexWait(word, 0, slice);
        checkHost();
    }
    disarmDeadline();
    wakeGate();
    return result;
}

bool granted() {
    return rt().self->granted.load(std::memory_order_acquire) != 0;
}

void clearGrant() {
    rt().self->granted.store(0, std::memory_order_relaxed);
}

bool settleTimedOutWait(ObjectGuard& guard) {
    if (granted()) {
        clearGrant();
        return true;
    }
    guard.remove(rt().slot);
    return false;
}

void wakeSlot(arena::Arena& arena, uint32_t slot) {
    arena::futexWake(arena.proc(slot).granted, 1);
}

} // namespace proclab::mp::detail
