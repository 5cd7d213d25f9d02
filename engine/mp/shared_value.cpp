#include "engine/mp/shared_value.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/errors.h"

#include <atomic>

namespace proclab::mp::detail {
namespace {

// Elements are 8-byte words read and written whole (relaxed atomics): a torn value
// would be a different bug from the lost update the lessons teach.
std::atomic<int64_t>& element(uint32_t id, std::size_t index) {
    Runtime& r = rt();
    arena::ObjectSlot& obj = r.arena->object(id);
    if (obj.kind.load(std::memory_order_relaxed) == static_cast<uint32_t>(arena::ObjectKind::Value))
        return obj.count;
    if (index >= static_cast<std::size_t>(obj.limit.load(std::memory_order_relaxed)))
        throw std::out_of_range("array index out of range");
    return reinterpret_cast<std::atomic<int64_t>*>(r.arena->data(obj.dataOffset))[index];
}

} // namespace

uint32_t createValue(char typeCode, int64_t bits, const std::string& name,
                     const std::source_location& where) {
    const uint32_t id = createObject(arena::ObjectKind::Value, name, where);
    arena::ObjectSlot& obj = rt().arena->object(id);
    obj.typeCode = static_cast<uint32_t>(typeCode);
    obj.count.store(bits, std::memory_order_relaxed);
    return id;
}

uint32_t createArray(char typeCode, std::size_t length, const std::string& name,
                     const std::source_location& where) {
    const uint32_t id = createObject(arena::ObjectKind::Array, name, where);
    Runtime& r = rt();
    arena::ObjectSlot& obj = r.arena->object(id);
    const uint64_t offset = r.arena->allocData(std::max<std::size_t>(length, 1) * sizeof(int64_t));
    if (offset == arena::Arena::kNoData)
        throw ArenaFull("the arena has no room for an array of " + std::to_string(length));
    obj.typeCode = static_cast<uint32_t>(typeCode);
    obj.dataOffset = offset;
    obj.limit.store(static_cast<int64_t>(length), std::memory_order_relaxed);
    return id;
}

int64_t readBits(uint32_t id, std::size_t index, const std::source_location& where) {
    stepPoint(trace::Op::Read, id, where);
    const int64_t bits = element(id, index).load(std::memory_order_relaxed);
    emit(trace::Op::Read, trace::Phase::Instant, id, bits, where);
    return bits;
}

void writeBits(uint32_t id, std::size_t index, int64_t bits, const std::source_location& where) {
    stepPoint(trace::Op::Write, id, where);
    element(id, index).store(bits, std::memory_order_relaxed);
    emit(trace::Op::Write, trace::Phase::Instant, id, bits, where);
}

std::size_t arrayLength(uint32_t id) {
    return static_cast<std::size_t>(rt().arena->object(id).limit.load(std::memory_order_relaxed));
}

} // namespace proclab::mp::detail
