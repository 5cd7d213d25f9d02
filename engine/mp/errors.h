#pragma once
// The exceptions lesson code sees, named after Python's.

#include <stdexcept>
#include <string>

namespace proclab::mp {

struct ProcessError : std::runtime_error {
    explicit ProcessError(const std::string& what, int code = 0)
        : std::runtime_error(what), errorCode(code) {}
    int errorCode; // errno when a system call failed (EAGAIN for fork)
};
// queue.Full / queue.Empty
struct Full : std::runtime_error {
    Full() : std::runtime_error("Full") {}
};
struct Empty : std::runtime_error {
    Empty() : std::runtime_error("Empty") {}
};
// Pipe: recv() when every write end is closed and nothing is left.
struct EOFError : std::runtime_error {
    EOFError() : std::runtime_error("EOFError") {}
};
// BoundedSemaphore released too many times, task_done() called too many times, ...
struct ValueError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// RLock released by a process that does not own it, Condition used without its lock.
struct AssertionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct BrokenBarrierError : std::runtime_error {
    BrokenBarrierError() : std::runtime_error("BrokenBarrierError") {}
};
// The arena is out of room for another object or item storage.
struct ArenaFull : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace proclab::mp
