#pragma once
// The blocking machinery every primitive shares: an object's guard (a robust,
// process-shared mutex plus a seqlock for viewers), FIFO wait lists threaded through
// the process slots, and direct handoff — a waker grants the head waiter what it
// waits for, so the order on screen is the order things happen.

#include "engine/arena/arena.h"
#include "engine/mp/detail/runtime.h"

#include <cstdint>
#include <vector>

namespace proclab::mp::detail {

class ObjectGuard {
public:
    ObjectGuard(arena::Arena& arena, uint32_t id);
    // Does not wait for the guard: check owns(). For the host, which must never block
    // on a lesson process (that process may itself wait for the host to drain its ring).
    struct TryOnly {};
    ObjectGuard(arena::Arena& arena, uint32_t id, TryOnly);
    bool owns() const { return owns_; }
    ~ObjectGuard();
    ObjectGuard(const ObjectGuard&) = delete;
    ObjectGuard& operator=(const ObjectGuard&) = delete;

    arena::ObjectSlot& object() const { return obj_; }
    uint32_t id() const { return id_; }

    // Appends `slot` to wait list `list` (FIFO), remembering what it asks for, and
    // marks it Blocked — under the guard, so a grant can never be overwritten.
    void enqueue(uint32_t list, uint32_t slot, int64_t arg, bool markBlocked = true);
    // Removes and returns the head of `list`, or kNone.
    uint32_t popHead(uint32_t list);
    uint32_t head(uint32_t list) const { return obj_.waits[list].head; }
    uint32_t length(uint32_t list) const { return obj_.waits[list].length; }
    // Removes a waiter wherever it is in its list (timeout, death).
    void remove(uint32_t slot);
    // Marks `slot` granted and Running; the futex wake happens after the guard is
    // released.
    void grant(uint32_t slot);

    // Permits a process holds on this object (semaphores), for robust release.
    void addHolder(uint32_t slot, uint32_t count);
    bool dropHolder(uint32_t slot, uint32_t count);

private:
    void repairAfterOwnerDeath();

    arena::Arena& arena_;
    arena::ObjectSlot& obj_;
    uint32_t id_;
    std::vector<uint32_t> toWake_;
    bool owns_ = true;
};

// Waits until this process is granted (true) or the deadline passes (false). After
// false the caller must take the guard again and settle the race with a late grant:
// granted() true means it was handed the thing after all.
bool waitForGrant(Deadline deadline);
bool granted();
void clearGrant();

// Undoes a wait that timed out: under the guard, either the grant arrived late
// (returns true) or the process leaves the wait list (returns false).
bool settleTimedOutWait(ObjectGuard& guard);

// Wakes a process sleeping in waitForGrant (after its grant has been set).
void wakeSlot(arena::Arena& arena, uint32_t slot);

} // namespace proclab::mp::detail
