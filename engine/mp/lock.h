#pragma once
// multiprocessing.Lock and RLock. Waiters queue in FIFO order and the releaser hands
// the lock straight to the first of them, so nobody barges in.

#include "engine/arena/arena.h"

#include <source_location>
#include <string>

namespace proclab::mp {

class Lock {
public:
    explicit Lock(std::string name = {},
                  std::source_location where = std::source_location::current());

    // Python's acquire(block=True, timeout=None); a negative timeout waits forever.
    // Acquiring a Lock this process already holds blocks (the tutorial's
    // self-deadlock); the trace marks it as such.
    bool acquire(bool block = true, double timeout = -1,
                 std::source_location where = std::source_location::current());
    // Any process may release a held Lock, as in Python; releasing a free one throws
    // ValueError.
    void release(std::source_location where = std::source_location::current());

    uint32_t id() const { return id_; }
    // pid of the holder, 0 when free (a viewer's question, not a step point).
    int owner() const;

protected:
    Lock(bool recursive, std::string name, const std::source_location& where);

private:
    uint32_t id_;
    bool recursive_;
};

// Re-entrant: the owner may acquire again; only the owner may release.
class RLock : public Lock {
public:
    explicit RLock(std::string name = {},
                   std::source_location where = std::source_location::current());
};

// `with lock:` — acquire now, release at the end of the scope.
template <class L> class With {
public:
    explicit With(L& lockable, std::source_location where = std::source_location::current())
        : lockable_(lockable), where_(where) {
        lockable_.acquire(true, -1, where_);
    }
    ~With() { lockable_.release(where_); }
    With(const With&) = delete;
    With& operator=(const With&) = delete;

private:
    L& lockable_;
    std::source_location where_;
};

namespace detail {
// Used by Condition: give up a held lock entirely and take it back at the same depth.
int64_t releaseFully(uint32_t lockId, const std::source_location& where);
void reacquire(uint32_t lockId, int64_t depth, const std::source_location& where);
bool ownsLock(uint32_t lockId);
// Used by the host when a holder died: hand the lock on. Returns 1 when it was
// released, 0 when the dead did not hold it, -1 when the guard is busy (try again).
int releaseForDeadOwner(arena::Arena& arena, uint32_t lockId, uint32_t deadSlot);
} // namespace detail

} // namespace proclab::mp
