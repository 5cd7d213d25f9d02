#include "engine/mp/queue.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/errors.h"

namespace proclab::mp {
namespace {

constexpr uint32_t kGetters = 0;
constexpr uint32_t kPutters = 1;
constexpr uint32_t kJoiners = 2;
using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;

bool isJoinable(const arena::ObjectSlot& obj) {
    return obj.kind.load(std::memory_order_relaxed) ==
           static_cast<uint32_t>(arena::ObjectKind::JoinableQueue);
}

arena::MessageSlot* items(arena::Arena& arena, const arena::ObjectSlot& obj) {
    return reinterpret_cast<arena::MessageSlot*>(arena.data(obj.dataOffset));
}

// With the guard held: appends an item (there is room) and counts it as a task.
void pushItem(arena::Arena& arena, ObjectGuard& guard, const arena::MessageSlot& item) {
    arena::ObjectSlot& obj = guard.object();
    const uint32_t count = obj.itemCount.load(std::memory_order_relaxed);
    const uint32_t head = obj.itemHead.load(std::memory_order_relaxed);
    items(arena, obj)[(head + count) % obj.itemCapacity] = item;
    obj.itemCount.store(count + 1, std::memory_order_relaxed);
}

arena::MessageSlot popItem(arena::Arena& arena, ObjectGuard& guard) {
    arena::ObjectSlot& obj = guard.object();
    const uint32_t head = obj.itemHead.load(std::memory_order_relaxed);
    const arena::MessageSlot item = items(arena, obj)[head];
    obj.itemHead.store((head + 1) % obj.itemCapacity, std::memory_order_relaxed);
    obj.itemCount.fetch_sub(1, std::memory_order_relaxed);
    return item;
}

uint32_t capacityOf(const arena::ObjectSlot& obj) {
    const int64_t maxsize = obj.limit.load(std::memory_order_relaxed);
    return maxsize > 0 ? static_cast<uint32_t>(maxsize) : Queue::kUnboundedCapacity;
}

} // namespace

Queue::Queue(int maxsize, std::string name, std::source_location where)
    : Queue(false, maxsize, std::move(name), where) {}

Queue::Queue(bool joinable, int maxsize, std::string name, const std::source_location& where)
    : id_(detail::createObject(
          joinable ? arena::ObjectKind::JoinableQueue : arena::ObjectKind::Queue, name, where)) {
    detail::Runtime& r = rt();
    arena::ObjectSlot& obj = r.arena->object(id_);
    obj.limit.store(maxsize > 0 ? maxsize : 0, std::memory_order_relaxed);
    const uint32_t capacity = capacityOf(obj);
    const uint64_t offset = r.arena->allocData(uint64_t{capacity} * sizeof(arena::MessageSlot));
    if (offset == arena::Arena::kNoData)
        throw ArenaFull("the arena has no room for the items of another queue");
    obj.dataOffset = offset;
    obj.itemCapacity = capacity;
}

void Queue::put(const Message& item, bool block, double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Put, id_, where);
    const arena::MessageSlot encoded = item.toSlot();
    arena::ObjectSlot& obj = r.arena->object(id_);
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    {
        ObjectGuard guard(*r.arena, id_);
        if (guard.length(kPutters) == 0 &&
            obj.itemCount.load(std::memory_order_relaxed) < obj.itemCapacity) {
            if (isJoinable(obj))
                obj.unfinished.fetch_add(1, std::memory_order_relaxed);
            const uint32_t getter = guard.popHead(kGetters);
            if (getter == arena::kNone)
                pushItem(*r.arena, guard, encoded);
            // Written before the getter is woken, so that it precedes the getter's record.
            detail::emit(Op::Put, Phase::Instant, id_,
                         obj.itemCount.load(std::memory_order_relaxed), where,
                         getter != arena::kNone ? trace::kFlagHandoff : 0);
            if (getter != arena::kNone) {
                r.arena->proc(getter).mailbox = encoded;
                guard.grant(getter);
            }
            return;
        }
        if (!block) {
            detail::emit(Op::Put, Phase::Fail, id_, obj.itemCount.load(), where);
            throw Full();
        }
        r.self->mailbox = encoded;
        detail::emit(Op::Put, Phase::Blocked, id_, obj.itemCount.load(std::memory_order_relaxed),
                     where);
        guard.enqueue(kPutters, r.slot, 0);
    }
    bool done = detail::waitForGrant(deadline);
    if (!done) {
        ObjectGuard guard(*r.arena, id_);
        done = detail::settleTimedOutWait(guard);
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::Put, done ? Phase::End : Phase::Fail, id_,
                 obj.itemCount.load(std::memory_order_relaxed), where,
                 done ? trace::kFlagHandoff : trace::kFlagTimeout);
    if (!done)
        throw Full();
}

Message Queue::get(bool block, double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::Get, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    const detail::Deadline deadline = detail::deadlineAfter(timeout);
    {
        ObjectGuard guard(*r.arena, id_);
        if (obj.itemCount.load(std::memory_order_relaxed) > 0 && guard.length(kGetters) == 0) {
            const arena::MessageSlot item = popItem(*r.arena, guard);
            // A putter waiting for room gets its item in now, in its turn.
            const uint32_t putter = guard.popHead(kPutters);
            if (putter != arena::kNone) {
                pushItem(*r.arena, guard, r.arena->proc(putter).mailbox);
                if (isJoinable(obj))
                    obj.unfinished.fetch_add(1, std::memory_order_relaxed);
            }
            detail::emit(Op::Get, Phase::Instant, id_,
                         obj.itemCount.load(std::memory_order_relaxed), where);
            if (putter != arena::kNone)
                guard.grant(putter);
            return Message::fromSlot(item);
        }
        if (!block) {
            detail::emit(Op::Get, Phase::Fail, id_, 0, where);
            throw Empty();
        }
        detail::emit(Op::Get, Phase::Blocked, id_, 0, where);
        guard.enqueue(kGetters, r.slot, 0);
    }
    bool received = detail::waitForGrant(deadline);
    if (!received) {
        ObjectGuard guard(*r.arena, id_);
        received = detail::settleTimedOutWait(guard);
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::Get, received ? Phase::End : Phase::Fail, id_,
                 obj.itemCount.load(std::memory_order_relaxed), where,
                 received ? trace::kFlagHandoff : trace::kFlagTimeout);
    if (!received)
        throw Empty();
    return Message::fromSlot(r.self->mailbox);
}

int Queue::qsize() const {
    return static_cast<int>(rt().arena->object(id_).itemCount.load(std::memory_order_acquire));
}

bool Queue::full() const {
    const arena::ObjectSlot& obj = rt().arena->object(id_);
    return obj.itemCount.load(std::memory_order_acquire) >= obj.itemCapacity;
}

int Queue::maxsize() const {
    return static_cast<int>(rt().arena->object(id_).limit.load(std::memory_order_relaxed));
}

JoinableQueue::JoinableQueue(int maxsize, std::string name, std::source_location where)
    : Queue(true, maxsize, std::move(name), where) {}

void JoinableQueue::task_done(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::TaskDone, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    int64_t left = 0;
    {
        ObjectGuard guard(*r.arena, id_);
        left = obj.unfinished.load(std::memory_order_relaxed);
        if (left <= 0) {
            detail::emit(Op::TaskDone, Phase::Fail, id_, 0, where);
            throw ValueError("task_done() called too many times");
        }
        obj.unfinished.store(--left, std::memory_order_relaxed);
        detail::emit(Op::TaskDone, Phase::Instant, id_, left, where);
        if (left == 0)
            for (uint32_t next = guard.popHead(kJoiners); next != arena::kNone;
                 next = guard.popHead(kJoiners))
                guard.grant(next);
    }
}

void JoinableQueue::join(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(Op::QueueJoin, id_, where);
    arena::ObjectSlot& obj = r.arena->object(id_);
    {
        ObjectGuard guard(*r.arena, id_);
        if (obj.unfinished.load(std::memory_order_relaxed) == 0) {
            detail::emit(Op::QueueJoin, Phase::Instant, id_, 0, where);
            return;
        }
        detail::emit(Op::QueueJoin, Phase::Blocked, id_, obj.unfinished.load(), where);
        guard.enqueue(kJoiners, r.slot, 0);
    }
    detail::waitForGrant(detail::Deadline{});
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::QueueJoin, Phase::End, id_, 0, where);
}

int64_t JoinableQueue::unfinished_tasks() const {
    return rt().arena->object(id_).unfinished.load(std::memory_order_acquire);
}

} // namespace proclab::mp
