#pragma once
// multiprocessing.Pool, built from the other primitives as Python builds it: worker
// Processes started when the pool is created (daemonic, named ForkPoolWorker-N), a
// task Queue they take work from and a result Queue they answer on.
//
// Tasks are plain function pointers, Message (*)(const Message&). The workers are
// forked from the pool's owner when the Pool is created, so they run the same binary
// at the same addresses: a function's address means the same function in every
// process, and is what travels through the task queue (with the argument's repr(),
// e.g. "#3 0x55d4c2a1b3c0(10)"). A captured lambda could not travel: only what the
// worker inherited at fork time exists there (a global changed after the Pool was
// made is not seen by its workers). Arguments and results are Messages; an argument's
// repr() is limited to kMaxArgumentBytes.
//
// Callbacks. Python runs callback / error_callback in a result-handler thread of the
// main process as soon as a result arrives. ProcLab's lesson processes are
// single-threaded (that is what makes every step reproducible), so the pool's owner
// runs them itself whenever it next calls the pool: apply_async, map, apply,
// AsyncResult::get/wait/ready, close, join. They still run in the main process, as in
// Python — never in a worker.
//
// Differences from Python, all of them small: map() sends one task per item
// (chunksize 1); at most kMaxOutstanding tasks are in flight, beyond that submitting
// waits for a result; a worker that dies is not replaced; get() on a task that a
// terminate() cut short raises ValueError instead of waiting forever. The exception a
// task throws comes back as its text (TaskError), not as its original type.
//
// A Pool never leaves processes behind: its destructor terminates the workers if
// join() was not called, and the workers are daemonic, so they also end with their
// owner's code.
//
// A callback that throws: the exception comes out of the pool call that ran it.

#include "engine/mp/message.h"
#include "engine/mp/process.h"
#include "engine/mp/queue.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <source_location>
#include <stdexcept>
#include <string>
#include <vector>

namespace proclab::mp {

// multiprocessing.TimeoutError: AsyncResult::get(timeout) ran out of time.
struct TimeoutError : std::runtime_error {
    TimeoutError() : std::runtime_error("TimeoutError") {}
};
// The exception a pool task threw, carried back as its what() text and rethrown by
// AsyncResult::get() (and map()/apply()).
struct TaskError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Task = Message (*)(const Message&);
using Callback = std::function<void(const Message& result)>;
using ErrorCallback = std::function<void(const std::string& error)>;

namespace detail {
struct PoolState;
}

// What apply_async() returns: the promise of one task's result.
class AsyncResult {
public:
    // Waits for the result at most `timeout` seconds (negative: forever). Throws
    // TimeoutError when it has not come, TaskError when the task threw.
    Message get(double timeout = -1, std::source_location where = std::source_location::current());
    // Waits for the result without returning it.
    void wait(double timeout = -1, std::source_location where = std::source_location::current());
    // Whether the result has come (collects what has arrived, runs its callbacks).
    bool ready(std::source_location where = std::source_location::current());
    // Whether the task ended without an exception; ValueError if not ready yet.
    bool successful(std::source_location where = std::source_location::current());

private:
    friend class Pool;
    AsyncResult(std::shared_ptr<detail::PoolState> pool, uint64_t job)
        : pool_(std::move(pool)), job_(job) {}
    std::shared_ptr<detail::PoolState> pool_;
    uint64_t job_ = 0;
};

class Pool {
public:
    static constexpr std::size_t kMaxArgumentBytes = 30; // bytes of repr(arg)
    static constexpr int kMaxOutstanding = 1024;

    // Starts `processes` workers (0: os.cpu_count()), as Pool(processes) does.
    explicit Pool(int processes = 0, std::string name = "pool",
                  std::source_location where = std::source_location::current());
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // fn(item) for every item, spread over the workers; results in the items' order.
    // Waits for all of them; rethrows the first task's exception as TaskError.
    std::vector<Message> map(Task fn, const std::vector<Message>& items,
                             std::source_location where = std::source_location::current());
    // fn(arg) in a worker; waits for the result (synchronous).
    Message apply(Task fn, const Message& arg = {},
                  std::source_location where = std::source_location::current());
    // fn(arg) in a worker; returns at once. `callback` gets the result, or
    // `error_callback` the exception's text, in this (the pool's owner) process.
    AsyncResult apply_async(Task fn, const Message& arg = {}, Callback callback = {},
                            ErrorCallback error_callback = {},
                            std::source_location where = std::source_location::current());

    // No more tasks; the workers end once the queued ones are done.
    void close(std::source_location where = std::source_location::current());
    // After close() or terminate(): waits for every task's result (running their
    // callbacks), then for the workers to end. ValueError while the pool still runs.
    void join(std::source_location where = std::source_location::current());
    // Ends the workers now (SIGTERM) and reaps them; unfinished tasks are dropped.
    void terminate(std::source_location where = std::source_location::current());

    int processes() const;
    // The workers' pids (Python: [w.pid for w in pool._pool]).
    std::vector<int> pids() const;
    const Queue& taskQueue() const;
    const Queue& resultQueue() const;

private:
    std::shared_ptr<detail::PoolState> state_;
};

} // namespace proclab::mp
