#include "engine/mp/lock.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/errors.h"

namespace proclab::mp {
namespace {

// lockWord: owner slot + 1 in the low bits (0: free), kWaiters when the wait list
// is not empty, so that an uncontended release is a single CAS.
constexpr uint32_t kWaiters = 1u << 31;
constexpr uint32_t kOwnerMask = kWaiters - 1;
constexpr uint32_t kWaiterList = 0;

using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;

uint32_t ownerWord() {
    return rt().slot + 1;
}

// With the guard held: give the lock to the first waiter, or free it.
void handOn(arena::Arena& arena, ObjectGuard& guard) {
    arena::ObjectSlot& obj = guard.object();
    const uint32_t next = guard.popHead(kWaiterList);
    if (next == arena::kNone) {
        obj.lockWord.store(0, std::memory_order_release);
        return;
    }
    const uint32_t more = guard.length(kWaiterList) != 0 ? kWaiters : 0;
    obj.lockWord.store((next + 1) | more, std::memory_order_release);
    if (obj.kind.load(std::memory_order_relaxed) == static_cast<uint32_t>(arena::ObjectKind::RLock))
        obj.count.store(1, std::memory_order_relaxed);
    guard.grant(next);
    (void)arena;
}

bool acquireSlow(uint32_t id, bool recursive, const detail::Deadline& deadline,
                 const std::source_location& where) {
    detail::Runtime& r = rt();
    arena::ObjectSlot& obj = r.arena->object(id);
    const uint32_t me = ownerWord();
    {
        ObjectGuard guard(*r.arena, id);
        for (;;) {
            uint32_t word = obj.lockWord.load(std::memory_order_relaxed);
            if (word == 0) {
                if (obj.lockWord.compare_exchange_weak(word, me, std::memory_order_acquire)) {
                    if (recursive)
                        obj.count.store(1, std::memory_order_relaxed);
                    detail::emit(Op::Acquire, Phase::Instant, id, 1, where);
                    return true;
                }
                continue;
            }
            if ((word & kWaiters) != 0 || obj.lockWord.compare_exchange_weak(
                                              word, word | kWaiters, std::memory_order_relaxed))
                break;
        }
        const uint32_t holder = (obj.lockWord.load(std::memory_order_relaxed) & kOwnerMask);
        const int holderPid = holder != 0 ? r.arena->proc(holder - 1).pid.load() : 0;
        detail::emit(Op::Acquire, Phase::Blocked, id, holderPid, where);
        guard.enqueue(kWaiterList, r.slot, 0);
    }
    bool acquired = detail::waitForGrant(deadline);
    if (!acquired) {
        ObjectGuard guard(*r.arena, id);
        acquired = detail::settleTimedOutWait(guard);
        if (!acquired && guard.length(kWaiterList) == 0)
            obj.lockWord.fetch_and(~kWaiters, std::memory_order_relaxed);
    }
    detail::setLessonState(arena::LessonState::Running);
    if (acquired)
        detail::emit(Op::Acquire, Phase::End, id, 1, where, trace::kFlagHandoff);
    else
        detail::emit(Op::Acquire, Phase::Fail, id, 0, where, trace::kFlagTimeout);
    return acquired;
}

bool acquireLock(uint32_t id, bool recursive, bool block, double timeout,
                 const std::source_location& where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Acquire, id, where);
    arena::ObjectSlot& obj = r.arena->object(id);
    const uint32_t me = ownerWord();
    uint32_t word = 0;
    if (obj.lockWord.compare_exchange_strong(word, me, std::memory_order_acquire)) {
        if (recursive)
            obj.count.store(1, std::memory_order_relaxed);
        detail::emit(Op::Acquire, Phase::Instant, id, 1, where);
        return true;
    }
    if ((word & kOwnerMask) == me) {
        if (recursive) {
            const int64_t depth = obj.count.fetch_add(1, std::memory_order_relaxed) + 1;
            detail::emit(Op::Acquire, Phase::Instant, id, depth, where);
            return true;
        }
        // The tutorial's warning made visible: a wait-for cycle of length one.
        detail::emit(Op::SelfDeadlock, Phase::Instant, id, r.pid, where);
    }
    if (!block) {
        detail::emit(Op::Acquire, Phase::Fail, id, 0, where);
        return false;
    }
    return acquireSlow(id, recursive, detail::deadlineAfter(timeout), where);
}

// `gate` is false for Condition.wait, whose release is part of its own step.
void releaseLock(uint32_t id, bool recursive, const std::source_location& where, bool gate = true) {
    detail::Runtime& r = rt();
    if (gate)
        detail::stepPoint(Op::Release, id, where);
    arena::ObjectSlot& obj = r.arena->object(id);
    const uint32_t me = ownerWord();
    uint32_t word = obj.lockWord.load(std::memory_order_relaxed);
    if ((word & kOwnerMask) == 0)
        throw ValueError("release of an unlocked lock");
    if (recursive) {
        if ((word & kOwnerMask) != me)
            throw AssertionError("cannot release un-acquired lock");
        const int64_t depth = obj.count.load(std::memory_order_relaxed);
        if (depth > 1) {
            obj.count.store(depth - 1, std::memory_order_relaxed);
            detail::emit(Op::Release, Phase::Instant, id, depth - 1, where);
            return;
        }
        obj.count.store(0, std::memory_order_relaxed);
    }
    while ((word & kWaiters) == 0) {
        if (obj.lockWord.compare_exchange_weak(word, 0, std::memory_order_release)) {
            detail::emit(Op::Release, Phase::Instant, id, 0, where);
            return;
        }
    }
    ObjectGuard guard(*r.arena, id);
    const uint32_t next = guard.head(kWaiterList);
    const int nextPid =
        next != arena::kNone ? r.arena->proc(next).pid.load(std::memory_order_relaxed) : 0;
    // Written before the handoff, so that it precedes everything the next owner does.
    detail::emit(Op::Release, Phase::Instant, id, nextPid, where,
                 nextPid != 0 ? trace::kFlagHandoff : 0);
    handOn(*r.arena, guard);
}

} // namespace

Lock::Lock(std::string name, std::source_location where) : Lock(false, std::move(name), where) {}

Lock::Lock(bool recursive, std::string name, const std::source_location& where)
    : id_(detail::createObject(recursive ? arena::ObjectKind::RLock : arena::ObjectKind::Lock, name,
                               where)),
      recursive_(recursive) {}

bool Lock::acquire(bool block, double timeout, std::source_location where) {
    return acquireLock(id_, recursive_, block, timeout, where);
}

void Lock::release(std::source_location where) {
    releaseLock(id_, recursive_, where);
}

int Lock::owner() const {
    detail::Runtime& r = rt();
    const uint32_t holder =
        r.arena->object(id_).lockWord.load(std::memory_order_acquire) & kOwnerMask;
    return holder != 0 ? r.arena->proc(holder - 1).pid.load(std::memory_order_relaxed) : 0;
}

RLock::RLock(std::string name, std::source_location where) : Lock(true, std::move(name), where) {}

namespace detail {

bool ownsLock(uint32_t lockId) {
    return (rt().arena->object(lockId).lockWord.load(std::memory_order_acquire) & kOwnerMask) ==
           ownerWord();
}

int64_t releaseFully(uint32_t lockId, const std::source_location& where) {
    arena::ObjectSlot& obj = rt().arena->object(lockId);
    const bool recursive =
        obj.kind.load(std::memory_order_relaxed) == static_cast<uint32_t>(arena::ObjectKind::RLock);
    const int64_t depth = recursive ? obj.count.load(std::memory_order_relaxed) : 1;
    if (recursive)
        obj.count.store(1, std::memory_order_relaxed);
    releaseLock(lockId, recursive, where, false);
    return depth;
}

void reacquire(uint32_t lockId, int64_t depth, const std::source_location& where) {
    arena::ObjectSlot& obj = rt().arena->object(lockId);
    const bool recursive =
        obj.kind.load(std::memory_order_relaxed) == static_cast<uint32_t>(arena::ObjectKind::RLock);
    acquireLock(lockId, recursive, true, -1, where);
    if (recursive)
        obj.count.store(depth, std::memory_order_relaxed);
}

int releaseForDeadOwner(arena::Arena& arena, uint32_t lockId, uint32_t deadSlot) {
    ObjectGuard guard(arena, lockId, ObjectGuard::TryOnly{});
    if (!guard.owns())
        return -1;
    const uint32_t word = guard.object().lockWord.load(std::memory_order_acquire);
    if ((word & kOwnerMask) != deadSlot + 1)
        return 0;
    handOn(arena, guard);
    return 1;
}

} // namespace detail
} // namespace proclab::mp
