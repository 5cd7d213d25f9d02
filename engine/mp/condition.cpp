#include "engine/mp/condition.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/errors.h"

#include <limits>

namespace proclab::mp {
namespace {
constexpr uint32_t kWaiterList = 0;
using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;
} // namespace

Condition::Condition(std::string name, std::source_location where)
    : ownLock_(std::make_shared<RLock>(name.empty() ? std::string{} : name + ".lock", where)),
      lock_(ownLock_.get()), id_(detail::createObject(arena::ObjectKind::Condition, name, where)) {
    rt().arena->object(id_).limit.store(lock_->id(), std::memory_order_relaxed);
}

Condition::Condition(Lock& lock, std::string name, std::source_location where)
    : lock_(&lock), id_(detail::createObject(arena::ObjectKind::Condition, name, where)) {
    rt().arena->object(id_).limit.store(lock_->id(), std::memory_order_relaxed);
}

bool Condition::acquire(bool block, double timeout, std::source_location where) {
    return lock_->acquire(block, timeout, where);
}

void Condition::release(std::source_location where) {
    lock_->release(where);
}

bool Condition::wait(double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Wait, id_, where);
    if (!detail::ownsLock(lock_->id()))
        throw AssertionError("cannot wait on un-acquired lock");
    {
        // Queue up before letting the lock go, so that no notify can be missed.
        ObjectGuard guard(*r.arena, id_);
        guard.enqueue(kWaiterList, r.slot, 0, false);
    }
    // Still running: give the lock up (that is part of this step), then block. A
    // notify that comes first leaves `granted` set, so the wait returns at once.
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    const int64_t depth = detail::releaseFully(lock_->id(), where);
    detail::emit(Op::Wait, Phase::Blocked, id_, 0, where);
    detail::setLessonState(arena::LessonState::Blocked);
    bool notified = detail::waitForGrant(deadline);
    if (!notified) {
        ObjectGuard guard(*r.arena, id_);
        notified = detail::settleTimedOutWait(guard);
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::Wait, notified ? Phase::End : Phase::Fail, id_, notified ? 1 : 0, where,
                 notified ? 0 : trace::kFlagTimeout);
    detail::reacquire(lock_->id(), depth, where);
    return notified;
}

bool Condition::wait_for(const std::function<bool()>& predicate, double timeout,
                         std::source_location where) {
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    const arena::GateControl& gate = rt().arena->header().gate;
    bool result = predicate();
    while (!result) {
        double remaining = -1;
        if (!deadline.none()) {
            const uint64_t now =
                deadline.virtualClock ? gate.virtualNowNs.load() : arena::monotonicNs();
            if (now >= deadline.ns)
                break;
            remaining = static_cast<double>(deadline.ns - now) / 1e9;
        }
        wait(remaining, where);
        result = predicate();
    }
    return result;
}

void Condition::notify(int n, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Notify, id_, where);
    if (!detail::ownsLock(lock_->id()))
        throw AssertionError("cannot notify on un-acquired lock");
    ObjectGuard guard(*r.arena, id_);
    const int64_t woken = std::min<int64_t>(n, guard.length(kWaiterList));
    detail::emit(Op::Notify, Phase::Instant, id_, woken, where);
    for (int64_t i = 0; i < woken; ++i)
        guard.grant(guard.popHead(kWaiterList));
    guard.object().generation.fetch_add(1, std::memory_order_relaxed);
}

void Condition::notify_all(std::source_location where) {
    notify(std::numeric_limits<int>::max(), where);
}

} // namespace proclab::mp
