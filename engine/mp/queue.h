#pragma once
// multiprocessing.Queue and JoinableQueue. Items live in the arena as a ring of
// fixed-size slots, so a viewer can read them in order at any moment. A blocked
// getter receives its item straight from the putter (and a blocked putter's item goes
// straight into the queue), so processes are served strictly first come, first served.

#include "engine/mp/message.h"

#include <cstdint>
#include <source_location>
#include <string>

namespace proclab::mp {

class Queue {
public:
    // maxsize <= 0: unbounded as far as lessons go (kUnboundedCapacity items).
    static constexpr uint32_t kUnboundedCapacity = 32768;

    explicit Queue(int maxsize = 0, std::string name = {},
                   std::source_location where = std::source_location::current());

    // Throws Full when block is false and the queue is full, or after `timeout`.
    void put(const Message& item, bool block = true, double timeout = -1,
             std::source_location where = std::source_location::current());
    // Throws Empty when block is false and the queue is empty, or after `timeout`.
    Message get(bool block = true, double timeout = -1,
                std::source_location where = std::source_location::current());
    void put_nowait(const Message& item,
                    std::source_location where = std::source_location::current()) {
        put(item, false, -1, where);
    }
    Message get_nowait(std::source_location where = std::source_location::current()) {
        return get(false, -1, where);
    }

    int qsize() const;
    bool empty() const { return qsize() == 0; }
    bool full() const;
    int maxsize() const;
    uint32_t id() const { return id_; }

protected:
    Queue(bool joinable, int maxsize, std::string name, const std::source_location& where);
    uint32_t id_;
};

class JoinableQueue : public Queue {
public:
    explicit JoinableQueue(int maxsize = 0, std::string name = {},
                           std::source_location where = std::source_location::current());

    // One item fully processed. Throws ValueError when called more often than put().
    void task_done(std::source_location where = std::source_location::current());
    // Waits until every item put has been marked done.
    void join(std::source_location where = std::source_location::current());
    int64_t unfinished_tasks() const;
};

} // namespace proclab::mp
