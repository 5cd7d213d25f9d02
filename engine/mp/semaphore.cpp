#include "engine/mp/semaphore.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/errors.h"

namespace proclab::mp {
namespace {

constexpr uint32_t kWaiterList = 0;
using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;

// With the guard held: one permit comes back; the first waiter takes it directly.
void returnPermit(ObjectGuard& guard) {
    const uint32_t next = guard.popHead(kWaiterList);
    if (next != arena::kNone) {
        guard.addHolder(next, 1);
        guard.grant(next);
    } else {
        guard.object().count.fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace

Semaphore::Semaphore(int64_t value, std::string name, std::source_location where)
    : Semaphore(false, value, std::move(name), where) {}

Semaphore::Semaphore(bool bounded, int64_t value, std::string name,
                     const std::source_location& where)
    : id_(arena::kNone) {
    if (value < 0)
        throw ValueError("semaphore initial value must be >= 0");
    id_ = detail::createObject(
        bounded ? arena::ObjectKind::BoundedSemaphore : arena::ObjectKind::Semaphore, name, where);
    arena::ObjectSlot& obj = rt().arena->object(id_);
    obj.count.store(value, std::memory_order_relaxed);
    obj.limit.store(value, std::memory_order_relaxed);
}

BoundedSemaphore::BoundedSemaphore(int64_t value, std::string name, std::source_location where)
    : Semaphore(true, value, std::move(name), where) {}

bool Semaphore::acquire(bool block, double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Acquire, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    {
        ObjectGuard guard(*r.arena, id_);
        const int64_t value = obj.count.load(std::memory_order_relaxed);
        if (value > 0 && guard.length(kWaiterList) == 0) {
            obj.count.store(value - 1, std::memory_order_relaxed);
            guard.addHolder(r.slot, 1);
            detail::emit(Op::Acquire, Phase::Instant, id_, value - 1, where);
            return true;
        }
        if (!block) {
            detail::emit(Op::Acquire, Phase::Fail, id_, value, where);
            return false;
        }
        detail::emit(Op::Acquire, Phase::Blocked, id_, 0, where);
        guard.enqueue(kWaiterList, r.slot, 1);
    }
    bool acquired = detail::waitForGrant(deadline);
    if (!acquired) {
        ObjectGuard guard(*r.arena, id_);
        acquired = detail::settleTimedOutWait(guard);
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::Acquire, acquired ? Phase::End : Phase::Fail, id_,
                 obj.count.load(std::memory_order_relaxed), where,
                 acquired ? trace::kFlagHandoff : trace::kFlagTimeout);
    return acquired;
}

void Semaphore::release(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Release, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    int nextPid = 0;
    int64_t value = 0;
    {
        ObjectGuard guard(*r.arena, id_);
        const bool bounded = obj.kind.load(std::memory_order_relaxed) ==
                             static_cast<uint32_t>(arena::ObjectKind::BoundedSemaphore);
        if (bounded && guard.length(kWaiterList) == 0 &&
            obj.count.load(std::memory_order_relaxed) >=
                obj.limit.load(std::memory_order_relaxed)) {
            detail::emit(Op::Release, Phase::Fail, id_, obj.count.load(), where);
            throw ValueError("Semaphore released too many times");
        }
        guard.dropHolder(r.slot, 1);
        const uint32_t next = guard.head(kWaiterList);
        if (next != arena::kNone)
            nextPid = r.arena->proc(next).pid.load(std::memory_order_relaxed);
        value = obj.count.load(std::memory_order_relaxed) + (nextPid != 0 ? 0 : 1);
        // Written before the permit moves on, so that it precedes the next holder's record.
        detail::emit(Op::Release, Phase::Instant, id_, nextPid != 0 ? nextPid : value, where,
                     nextPid != 0 ? trace::kFlagHandoff : 0);
        returnPermit(guard);
    }
}

int64_t Semaphore::get_value() const {
    return rt().arena->object(id_).count.load(std::memory_order_relaxed);
}

namespace detail {

int releasePermitsOfDead(arena::Arena& arena, uint32_t semaphoreId, uint32_t deadSlot) {
    ObjectGuard guard(arena, semaphoreId, ObjectGuard::TryOnly{});
    if (!guard.owns())
        return -1;
    int held = 0;
    for (auto& holder : guard.object().holders) {
        if (holder.slot == deadSlot) {
            held = static_cast<int>(holder.count);
            holder = arena::Holder{arena::kNone, 0};
        }
    }
    for (int i = 0; i < held; ++i)
        returnPermit(guard);
    return held;
}

} // namespace detail
} // namespace proclab::mp
