#include "engine/session/object_view.h"

#include "engine/mp/message.h"

#include <sched.h>

#include <atomic>
#include <cstring>

namespace proclab::session {
namespace {

int pidOf(const arena::Arena& arena, uint32_t slot) {
    return slot < arena.procSlots() ? arena.proc(slot).pid.load(std::memory_order_relaxed) : 0;
}

void copyWaiters(const arena::Arena& arena, const arena::ObjectSlot& obj, ObjectView& out) {
    const uint32_t maxSlots = arena.procSlots();
    for (uint32_t list = 0; list < arena::kWaitLists; ++list) {
        out.waiters[list].clear();
        uint32_t slot = obj.waits[list].head;
        // Bounded walk: a torn read is caught by the seqlock, never loops forever.
        for (uint32_t hops = 0; slot != arena::kNone && slot < maxSlots && hops < maxSlots;
             ++hops) {
            out.waiters[list].push_back(pidOf(arena, slot));
            slot = arena.proc(slot).waitNext;
        }
    }
}

void copyItems(const arena::Arena& arena, const arena::ObjectSlot& obj, ObjectView& out) {
    out.items.clear();
    if (obj.itemCapacity == 0)
        return;
    const auto* slots = reinterpret_cast<const arena::MessageSlot*>(arena.data(obj.dataOffset));
    const uint32_t head = obj.itemHead.load(std::memory_order_relaxed);
    const uint32_t count =
        std::min(obj.itemCount.load(std::memory_order_relaxed), obj.itemCapacity);
    for (uint32_t i = 0; i < count; ++i)
        out.items.push_back(mp::Message::fromSlot(slots[(head + i) % obj.itemCapacity]).repr());
}

void copyPipe(const arena::Arena& arena, const arena::ObjectSlot& obj, ObjectView& out) {
    const auto* mirrors = reinterpret_cast<const arena::PipeMirror*>(arena.data(obj.dataOffset));
    for (int dir = 0; dir < 2; ++dir) {
        const arena::PipeMirror& m = mirrors[dir];
        const uint32_t count = std::min(m.count, arena::kPipeMirrorSlots);
        out.inFlight[dir].clear();
        if (m.dropped > 0)
            out.inFlight[dir].push_back("... " + std::to_string(m.dropped) + " more");
        for (uint32_t i = 0; i < count; ++i)
            out.inFlight[dir].push_back(
                mp::Message::fromSlot(m.slots[(m.head + i) % arena::kPipeMirrorSlots]).repr());
        out.openEnds[dir] = obj.openEnds[dir].load(std::memory_order_relaxed);
    }
}

} // namespace

bool readObject(const arena::Arena& arena, uint32_t id, ObjectView& out) {
    if (id >= arena.objectCount())
        return false;
    const arena::ObjectSlot& obj = arena.object(id);
    for (int attempt = 0;; ++attempt) {
        const uint32_t before = obj.seq.load(std::memory_order_acquire);
        if ((before & 1u) != 0) {
            if (attempt > 64)
                sched_yield();
            continue;
        }
        out.id = id;
        out.kind = static_cast<arena::ObjectKind>(obj.kind.load(std::memory_order_acquire));
        if (out.kind == arena::ObjectKind::Free)
            return false;
        out.name.assign(obj.name, strnlen(obj.name, sizeof obj.name));
        const uint32_t word = obj.lockWord.load(std::memory_order_relaxed) & 0x7FFFFFFFu;
        out.ownerPid = word != 0 ? pidOf(arena, word - 1) : 0;
        out.count = obj.count.load(std::memory_order_relaxed);
        out.limit = obj.limit.load(std::memory_order_relaxed);
        out.unfinished = obj.unfinished.load(std::memory_order_relaxed);
        out.flag = obj.flag.load(std::memory_order_relaxed) != 0;
        out.typeCode = static_cast<char>(obj.typeCode);
        copyWaiters(arena, obj, out);
        out.holders.clear();
        for (const auto& holder : obj.holders)
            if (holder.slot != arena::kNone && holder.count > 0)
                out.holders.emplace_back(pidOf(arena, holder.slot), holder.count);
        out.elements.clear();
        if (out.kind == arena::ObjectKind::Pipe) {
            copyPipe(arena, obj, out);
        } else if (out.kind == arena::ObjectKind::Array) {
            const auto* words =
                reinterpret_cast<const std::atomic<int64_t>*>(arena.data(obj.dataOffset));
            for (int64_t i = 0; i < out.limit; ++i)
                out.elements.push_back(words[i].load(std::memory_order_relaxed));
        } else {
            copyItems(arena, obj, out);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        if (obj.seq.load(std::memory_order_relaxed) == before)
            return true;
    }
}

const char* waitListName(arena::ObjectKind kind, uint32_t list) {
    using K = arena::ObjectKind;
    if (kind == K::Queue || kind == K::JoinableQueue)
        return list == 0 ? "getters" : list == 1 ? "putters" : "joiners";
    return list == 0 ? "waiters" : "";
}

} // namespace proclab::session
