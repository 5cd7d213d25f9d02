#include "engine/mp/barrier.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/errors.h"

namespace proclab::mp {
namespace {
constexpr uint32_t kWaiterList = 0;
constexpr int64_t kPassed = 1;
constexpr int64_t kBroke = -1;
using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;

// With the guard held: release every waiter with `outcome` (waitArg tells them).
void releaseAll(arena::Arena& arena, ObjectGuard& guard, int64_t outcome) {
    for (uint32_t next = guard.popHead(kWaiterList); next != arena::kNone;
         next = guard.popHead(kWaiterList)) {
        arena.proc(next).waitArg = outcome;
        guard.grant(next);
    }
}

} // namespace

Barrier::Barrier(int parties, std::string name, std::source_location where) : id_(arena::kNone) {
    if (parties <= 0)
        throw ValueError("barrier parties must be > 0");
    id_ = detail::createObject(arena::ObjectKind::Barrier, name, where);
    rt().arena->object(id_).limit.store(parties, std::memory_order_relaxed);
}

int Barrier::wait(double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Wait, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    int index = 0;
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    {
        ObjectGuard guard(*r.arena, id_);
        if (obj.flag.load(std::memory_order_relaxed) != 0) {
            detail::emit(Op::Wait, Phase::Fail, id_, -1, where);
            throw BrokenBarrierError();
        }
        index = static_cast<int>(obj.count.load(std::memory_order_relaxed));
        if (index + 1 == obj.limit.load(std::memory_order_relaxed)) {
            obj.count.store(0, std::memory_order_relaxed);
            obj.generation.fetch_add(1, std::memory_order_relaxed);
            detail::emit(Op::Wait, Phase::Instant, id_, index, where);
            releaseAll(*r.arena, guard, kPassed);
            return index;
        }
        obj.count.store(index + 1, std::memory_order_relaxed);
        detail::emit(Op::Wait, Phase::Blocked, id_, index, where);
        guard.enqueue(kWaiterList, r.slot, 0);
    }
    bool woken = detail::waitForGrant(deadline);
    if (!woken) {
        ObjectGuard guard(*r.arena, id_);
        woken = detail::settleTimedOutWait(guard);
        if (!woken) {
            // Python: a timeout breaks the barrier for everyone.
            obj.flag.store(1, std::memory_order_relaxed);
            obj.count.store(0, std::memory_order_relaxed);
            releaseAll(*r.arena, guard, kBroke);
        }
    }
    detail::setLessonState(arena::LessonState::Running);
    const bool passed = woken && r.self->waitArg == kPassed;
    detail::emit(Op::Wait, passed ? Phase::End : Phase::Fail, id_, index, where,
                 woken ? 0 : trace::kFlagTimeout);
    if (!passed)
        throw BrokenBarrierError();
    return index;
}

void Barrier::abort(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Abort, id_, where);
    ObjectGuard guard(*r.arena, id_);
    guard.object().flag.store(1, std::memory_order_relaxed);
    guard.object().count.store(0, std::memory_order_relaxed);
    detail::emit(Op::Abort, Phase::Instant, id_, 0, where);
    releaseAll(*r.arena, guard, kBroke);
}

void Barrier::reset(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Abort, id_, where);
    ObjectGuard guard(*r.arena, id_);
    detail::emit(Op::Abort, Phase::Instant, id_, 1, where);
    releaseAll(*r.arena, guard, kBroke);
    guard.object().flag.store(0, std::memory_order_relaxed);
    guard.object().count.store(0, std::memory_order_relaxed);
}

int Barrier::parties() const {
    return static_cast<int>(rt().arena->object(id_).limit.load(std::memory_order_relaxed));
}
int Barrier::n_waiting() const {
    return static_cast<int>(rt().arena->object(id_).count.load(std::memory_order_relaxed));
}
bool Barrier::broken() const {
    return rt().arena->object(id_).flag.load() != 0;
}

} // namespace proclab::mp
