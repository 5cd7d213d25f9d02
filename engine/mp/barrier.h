#pragma once
// multiprocessing.Barrier: `parties` processes wait until all have arrived.

#include <cstdint>
#include <source_location>
#include <string>

namespace proclab::mp {

class Barrier {
public:
    explicit Barrier(int parties, std::string name = {},
                     std::source_location where = std::source_location::current());

    // Returns the arrival index (0 .. parties-1). Throws BrokenBarrierError when
    // the barrier is broken (abort, or a waiter's timeout) while waiting.
    int wait(double timeout = -1, std::source_location where = std::source_location::current());
    void abort(std::source_location where = std::source_location::current());
    void reset(std::source_location where = std::source_location::current());
    int parties() const;
    int n_waiting() const;
    bool broken() const;
    uint32_t id() const { return id_; }

private:
    uint32_t id_;
};

} // namespace proclab::mp
