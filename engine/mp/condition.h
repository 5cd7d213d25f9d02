#pragma once
// multiprocessing.Condition over a Lock or RLock (an RLock of its own by default).

#include "engine/mp/lock.h"

#include <functional>
#include <memory>
#include <source_location>
#include <string>

namespace proclab::mp {

class Condition {
public:
    explicit Condition(std::string name = {},
                       std::source_location where = std::source_location::current());
    // Shares `lock`, which must outlive the condition's use.
    explicit Condition(Lock& lock, std::string name = {},
                       std::source_location where = std::source_location::current());

    bool acquire(bool block = true, double timeout = -1,
                 std::source_location where = std::source_location::current());
    void release(std::source_location where = std::source_location::current());

    // Releases the lock, waits for a notify (or the timeout), re-acquires the lock.
    // Returns false on timeout. The caller must hold the lock.
    bool wait(double timeout = -1, std::source_location where = std::source_location::current());
    bool wait_for(const std::function<bool()>& predicate, double timeout = -1,
                  std::source_location where = std::source_location::current());
    void notify(int n = 1, std::source_location where = std::source_location::current());
    void notify_all(std::source_location where = std::source_location::current());
    uint32_t id() const { return id_; }
    Lock& lock() { return *lock_; }

private:
    std::shared_ptr<Lock> ownLock_;
    Lock* lock_;
    uint32_t id_;
};

} // namespace proclab::mp
