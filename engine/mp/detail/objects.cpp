#include "engine/mp/detail/objects.h"

#include "engine/mp/detail/runtime.h"
#include "engine/mp/errors.h"

namespace proclab::mp::detail {

std::string_view kindName(arena::ObjectKind kind) {
    using K = arena::ObjectKind;
    switch (kind) {
    case K::Free: return "Free";
    case K::Lock: return "Lock";
    case K::RLock: return "RLock";
    case K::Semaphore: return "Semaphore";
    case K::BoundedSemaphore: return "BoundedSemaphore";
    case K::Event: return "Event";
    case K::Condition: return "Condition";
    case K::Barrier: return "Barrier";
    case K::Queue: return "Queue";
    case K::JoinableQueue: return "JoinableQueue";
    case K::Pipe: return "Pipe";
    case K::Value: return "Value";
    case K::Array: return "Array";
    case K::File: return "File";
    }
    return "?";
}

uint32_t createObject(arena::ObjectKind kind, std::string_view name,
                      const std::source_location& where) {
    Runtime& r = rt();
    const uint32_t peek = r.arena->header().objectCount.load(std::memory_order_relaxed);
    const std::string fallback = std::string(kindName(kind)) + "-" + std::to_string(peek + 1);
    const uint32_t id = r.arena->allocObject(kind, name.empty() ? fallback : name, r.slot);
    if (id == arena::kNone)
        throw ArenaFull("the arena has no room for another " + std::string(kindName(kind)));
    emit(trace::Op::Create, trace::Phase::Instant, id, static_cast<int64_t>(kind), where);
    return id;
}

} // namespace proclab::mp::detail
