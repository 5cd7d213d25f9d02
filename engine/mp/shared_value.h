#pragma once
// multiprocessing.Value and Array in the arena. A read and a write are separate step
// points, so `v.set(v.value() + 1)` is exactly Python's `v.value += 1`: two processes
// can interleave between them and lose an update. With lock=true the object carries
// an RLock (get_lock()) to prevent that.

#include "engine/mp/errors.h"
#include "engine/mp/lock.h"

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <source_location>
#include <string>
#include <type_traits>

namespace proclab::mp {

namespace detail {
uint32_t createValue(char typeCode, int64_t bits, const std::string& name,
                     const std::source_location& where);
uint32_t createArray(char typeCode, std::size_t length, const std::string& name,
                     const std::source_location& where);
int64_t readBits(uint32_t id, std::size_t index, const std::source_location& where);
void writeBits(uint32_t id, std::size_t index, int64_t bits, const std::source_location& where);
std::size_t arrayLength(uint32_t id);

template <class T> constexpr char typeCodeOf() {
    if constexpr (std::is_same_v<T, bool>)
        return 'b';
    else if constexpr (std::is_same_v<T, double>)
        return 'd';
    else if constexpr (std::is_integral_v<T> && sizeof(T) <= 4)
        return 'i';
    else
        return 'q';
}
template <class T> int64_t toBits(T value) {
    if constexpr (std::is_same_v<T, double>)
        return std::bit_cast<int64_t>(value);
    else
        return static_cast<int64_t>(value);
}
template <class T> T fromBits(int64_t bits) {
    if constexpr (std::is_same_v<T, double>)
        return std::bit_cast<double>(bits);
    else
        return static_cast<T>(bits);
}
} // namespace detail

template <class T> class Value {
    static_assert(std::is_arithmetic_v<T> && sizeof(T) <= 8, "Value holds a number");

public:
    explicit Value(T initial = T{}, bool lock = true, std::string name = {},
                   std::source_location where = std::source_location::current())
        : id_(detail::createValue(detail::typeCodeOf<T>(), detail::toBits(initial), name, where)) {
        if (lock)
            lock_ = std::make_shared<RLock>(name.empty() ? std::string{} : name + ".lock", where);
    }

    T value(std::source_location where = std::source_location::current()) const {
        return detail::fromBits<T>(detail::readBits(id_, 0, where));
    }
    void set(T value, std::source_location where = std::source_location::current()) {
        detail::writeBits(id_, 0, detail::toBits(value), where);
    }
    // Throws AssertionError for a Value made with lock=false (Python's RawValue).
    RLock& get_lock() const {
        if (!lock_)
            throw AssertionError("this Value was created without a lock");
        return *lock_;
    }
    uint32_t id() const { return id_; }

private:
    uint32_t id_;
    std::shared_ptr<RLock> lock_;
};

template <class T> class Array {
    static_assert(std::is_arithmetic_v<T> && sizeof(T) <= 8, "Array holds numbers");

public:
    explicit Array(std::size_t length, bool lock = true, std::string name = {},
                   std::source_location where = std::source_location::current())
        : id_(detail::createArray(detail::typeCodeOf<T>(), length, name, where)) {
        if (lock)
            lock_ = std::make_shared<RLock>(name.empty() ? std::string{} : name + ".lock", where);
    }
    Array(std::initializer_list<T> values, bool lock = true, std::string name = {},
          std::source_location where = std::source_location::current())
        : Array(values.size(), lock, std::move(name), where) {
        std::size_t i = 0;
        for (T v : values)
            set(i++, v, where);
    }

    T get(std::size_t index, std::source_location where = std::source_location::current()) const {
        return detail::fromBits<T>(detail::readBits(id_, index, where));
    }
    void set(std::size_t index, T value,
             std::source_location where = std::source_location::current()) {
        detail::writeBits(id_, index, detail::toBits(value), where);
    }
    std::size_t size() const { return detail::arrayLength(id_); }
    RLock& get_lock() const {
        if (!lock_)
            throw AssertionError("this Array was created without a lock");
        return *lock_;
    }
    uint32_t id() const { return id_; }

private:
    uint32_t id_;
    std::shared_ptr<RLock> lock_;
};

} // namespace proclab::mp
