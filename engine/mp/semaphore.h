#pragma once
// multiprocessing.Semaphore and BoundedSemaphore. The arena remembers which process
// holds which permits, so a viewer can show who is inside and a permit held by a
// process that dies is given back.

#include "engine/arena/arena.h"

#include <cstdint>
#include <source_location>
#include <string>

namespace proclab::mp {

class Semaphore {
public:
    explicit Semaphore(int64_t value = 1, std::string name = {},
                       std::source_location where = std::source_location::current());

    bool acquire(bool block = true, double timeout = -1,
                 std::source_location where = std::source_location::current());
    void release(std::source_location where = std::source_location::current());
    // Current value (get_value() in Python), not a step point.
    int64_t get_value() const;
    uint32_t id() const { return id_; }

protected:
    Semaphore(bool bounded, int64_t value, std::string name, const std::source_location& where);

private:
    uint32_t id_;
};

// release() past the initial value throws ValueError.
class BoundedSemaphore : public Semaphore {
public:
    explicit BoundedSemaphore(int64_t value = 1, std::string name = {},
                              std::source_location where = std::source_location::current());
};

namespace detail {
// Host side: give back every permit a dead process held. Returns how many, or -1
// when the guard is busy (try again).
int releasePermitsOfDead(arena::Arena& arena, uint32_t semaphoreId, uint32_t deadSlot);
} // namespace detail

} // namespace proclab::mp
