#include "engine/mp/event.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"

namespace proclab::mp {
namespace {
constexpr uint32_t kWaiterList = 0;
using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;
} // namespace

Event::Event(std::string name, std::source_location where)
    : id_(detail::createObject(arena::ObjectKind::Event, name, where)) {}

void Event::set(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Set, id_, where);
    ObjectGuard guard(*r.arena, id_);
    guard.object().flag.store(1, std::memory_order_release);
    // A waker writes its record before anyone it wakes can write theirs.
    detail::emit(Op::Set, Phase::Instant, id_, guard.length(kWaiterList), where);
    for (uint32_t next = guard.popHead(kWaiterList); next != arena::kNone;
         next = guard.popHead(kWaiterList))
        guard.grant(next);
}

void Event::clear(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Clear, id_, where);
    {
        ObjectGuard guard(*r.arena, id_);
        guard.object().flag.store(0, std::memory_order_release);
    }
    detail::emit(Op::Clear, Phase::Instant, id_, 0, where);
}

bool Event::is_set(std::source_location where) {
    detail::stepPoint(Op::Read, id_, where);
    const bool flag = rt().arena->object(id_).flag.load(std::memory_order_acquire) != 0;
    detail::emit(Op::Read, Phase::Instant, id_, flag ? 1 : 0, where);
    return flag;
}

bool Event::wait(double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Wait, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    {
        ObjectGuard guard(*r.arena, id_);
        if (obj.flag.load(std::memory_order_relaxed) != 0) {
            detail::emit(Op::Wait, Phase::Instant, id_, 1, where);
            return true;
        }
        if (timeout == 0) {
            detail::emit(Op::Wait, Phase::Fail, id_, 0, where, trace::kFlagTimeout);
            return false;
        }
        detail::emit(Op::Wait, Phase::Blocked, id_, 0, where);
        guard.enqueue(kWaiterList, r.slot, 0);
    }
    bool woken = detail::waitForGrant(deadline);
    if (!woken) {
        ObjectGuard guard(*r.arena, id_);
        woken = detail::settleTimedOutWait(guard) || obj.flag.load(std::memory_order_relaxed) != 0;
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::Wait, woken ? Phase::End : Phase::Fail, id_, woken ? 1 : 0, where,
                 woken ? 0 : trace::kFlagTimeout);
    return woken;
}

} // namespace proclab::mp
