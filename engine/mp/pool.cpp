#include "engine/mp/pool.h"

#include "engine/arena/arena.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/errors.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace proclab::mp {

namespace detail {

enum class PoolStatus { Run, Close, Terminate };

struct PoolJob {
    bool ready = false;
    bool ok = false;
    Message value;
    std::string error;
    Callback callback;
    ErrorCallback errorCallback;
};

struct PoolState {
    PoolState(int n, const std::string& name, const std::source_location& at)
        : tasks(Pool::kMaxOutstanding + n, name + ".tasks", at),
          results(Pool::kMaxOutstanding, name + ".results", at), where(at) {}

    Queue tasks;   // "#job 0xfn(arg)", then one None per worker after close()
    Queue results; // "#job = repr" or "#job ! error text"
    std::vector<Process> workers;
    std::source_location where; // where the pool was made: the workers' current line
    int owner = 0;
    PoolStatus status = PoolStatus::Run;
    bool workersEnded = false;
    uint64_t nextJob = 1;
    int outstanding = 0; // tasks sent whose result has not been collected
    std::unordered_map<uint64_t, PoolJob> jobs;

    void checkOwner() const;
    uint64_t submit(Task fn, const Message& arg, Callback callback, ErrorCallback errorCallback,
                    const std::source_location& at);
    void handle(const Message& reply);
    void collectArrived(const std::source_location& at);
    bool collectOne(double timeout, const std::source_location& at);
    const PoolJob& waitFor(uint64_t job, double timeout, const std::source_location& at);
};

} // namespace detail

namespace {

using detail::PoolJob;
using detail::PoolState;
using detail::PoolStatus;

constexpr std::size_t kMaxItemBytes = 55; // a queue item's text (Message::toSlot)

std::string_view trimUtf8(std::string_view text, std::size_t maxBytes) {
    if (text.size() <= maxBytes)
        return text;
    std::size_t n = maxBytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
        --n; // do not cut a character in two
    return text.substr(0, n);
}

// The inverse of Message::repr() for the kinds a Message holds.
Message fromRepr(std::string_view text) {
    if (text == "None")
        return {};
    if (text == "True")
        return Message(true);
    if (text == "False")
        return Message(false);
    if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'')
        return Message(std::string(text.substr(1, text.size() - 2)));
    if (text.size() >= 3 && text.substr(0, 2) == "b'" && text.back() == '\'')
        return Message::bytes(std::string(text.substr(2, text.size() - 3)));
    if (text.find_first_of(".eEn") != std::string_view::npos) // 1.5, 1e+20, inf, nan
        return Message(std::strtod(std::string(text).c_str(), nullptr));
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size())
        throw ValueError("pool: cannot read the value " + std::string(text));
    return Message(value);
}

uint64_t readJob(std::string_view& text) {
    uint64_t job = 0;
    if (text.empty() || text.front() != '#')
        throw ValueError("pool: malformed message " + std::string(text));
    const auto [end, error] = std::from_chars(text.data() + 1, text.data() + text.size(), job);
    if (error != std::errc{})
        throw ValueError("pool: malformed message " + std::string(text));
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return job;
}

std::string taskText(uint64_t job, Task fn, const Message& arg) {
    char hex[24];
    const auto address = reinterpret_cast<std::uintptr_t>(fn);
    const auto [end, error] = std::to_chars(hex, hex + sizeof hex, address, 16);
    (void)error;
    return "#" + std::to_string(job) + " 0x" + std::string(hex, end) + "(" + arg.repr() + ")";
}

// The worker's side of a task: "#job 0xfn(arg)" -> "#job = repr" or "#job ! error".
std::string runTask(std::string_view text) {
    const uint64_t job = readJob(text);
    const std::string prefix = "#" + std::to_string(job);
    const std::size_t open = text.find('(');
    if (text.substr(0, 3) != " 0x" || open == std::string_view::npos || text.back() != ')')
        return prefix + " ! ValueError: malformed task";
    std::uintptr_t address = 0;
    std::from_chars(text.data() + 3, text.data() + open, address, 16);
    const auto fn = reinterpret_cast<Task>(address);
    std::string reply;
    try {
        const Message arg = fromRepr(text.substr(open + 1, text.size() - open - 2));
        reply = prefix + " = " + fn(arg).repr();
        if (reply.size() > kMaxItemBytes)
            reply = prefix + " ! ValueError: the result is too long for the result queue";
    } catch (const std::exception& e) {
        reply = prefix + " ! ";
        reply += trimUtf8(e.what(), kMaxItemBytes - reply.size());
    } catch (...) {
        reply = prefix + " ! unknown exception";
    }
    return reply;
}

// Python's name for a fork-started pool's worker: its identity, as Process-N has it
// (the next child of this process: ForkPoolWorker-6 after five other children).
std::string workerName() {
    const detail::Runtime& r = detail::rt();
    return "ForkPoolWorker-" + (r.identity.empty() ? std::string{} : r.identity + ":") +
           std::to_string(r.childCounter + 1);
}

int cpuCount() {
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<int>(n) : 1;
}

} // namespace

namespace detail {

void PoolState::checkOwner() const {
    if (::getpid() != owner)
        throw AssertionError("a pool can only be used by the process that created it");
}

uint64_t PoolState::submit(Task fn, const Message& arg, Callback callback,
                           ErrorCallback errorCallback, const std::source_location& at) {
    checkOwner();
    if (status != PoolStatus::Run)
        throw ValueError("Pool not running");
    const uint64_t job = nextJob;
    std::string text = taskText(job, fn, arg);
    if (arg.repr().size() > Pool::kMaxArgumentBytes || text.size() > kMaxItemBytes)
        throw ValueError("a pool task's argument is limited to " +
                         std::to_string(Pool::kMaxArgumentBytes) + " bytes: " + arg.repr());
    collectArrived(at);
    while (outstanding >= Pool::kMaxOutstanding)
        collectOne(-1, at);
    ++nextJob;
    jobs[job] = PoolJob{false, false, {}, {}, std::move(callback), std::move(errorCallback)};
    tasks.put(Message(std::move(text)), true, -1, at);
    ++outstanding;
    return job;
}

void PoolState::handle(const Message& reply) {
    std::string_view text = reply.str();
    const uint64_t job = readJob(text);
    const auto it = jobs.find(job);
    if (it == jobs.end() || it->second.ready || text.size() < 3)
        return;
    --outstanding;
    PoolJob& entry = it->second;
    entry.ready = true;
    entry.ok = text.substr(0, 3) == " = ";
    if (entry.ok) {
        entry.value = fromRepr(text.substr(3));
        // A callback may submit more tasks, and so move the entry: call a copy.
        if (Callback callback = entry.callback)
            callback(entry.value);
    } else {
        entry.error = std::string(text.substr(3));
        if (ErrorCallback errorCallback = entry.errorCallback)
            errorCallback(entry.error);
    }
}

void PoolState::collectArrived(const std::source_location& at) {
    // Only this process takes from the result queue, so a non-empty queue does not
    // make it wait.
    while (results.qsize() > 0)
        handle(results.get(true, -1, at));
}

bool PoolState::collectOne(double timeout, const std::source_location& at) {
    Message reply;
    try {
        reply = results.get(true, timeout, at);
    } catch (const Empty&) {
        return false;
    }
    handle(reply);
    return true;
}

const PoolJob& PoolState::waitFor(uint64_t job, double timeout, const std::source_location& at) {
    checkOwner();
    const Deadline deadline = deadlineAfter(timeout);
    collectArrived(at);
    for (;;) {
        const auto it = jobs.find(job);
        if (it == jobs.end())
            throw ValueError("pool: unknown task");
        if (it->second.ready)
            return it->second;
        if (status == PoolStatus::Terminate || outstanding == 0)
            throw ValueError("the pool was terminated before this task finished");
        double left = -1;
        if (!deadline.none()) {
            const uint64_t now = deadline.virtualClock
                                     ? rt().arena->header().gate.virtualNowNs.load()
                                     : arena::monotonicNs();
            left = deadline.ns > now ? static_cast<double>(deadline.ns - now) / 1e9 : 0;
        }
        if (!collectOne(left, at))
            throw TimeoutError();
    }
}

} // namespace detail

// ---- AsyncResult ----

Message AsyncResult::get(double timeout, std::source_location where) {
    const PoolJob& job = pool_->waitFor(job_, timeout, where);
    if (!job.ok)
        throw TaskError(job.error);
    return job.value;
}

void AsyncResult::wait(double timeout, std::source_location where) {
    try {
        pool_->waitFor(job_, timeout, where);
    } catch (const TimeoutError&) {
        // wait() returns when the time is up, ready or not, as in Python.
    }
}

bool AsyncResult::ready(std::source_location where) {
    if (::getpid() == pool_->owner && pool_->status != PoolStatus::Terminate)
        pool_->collectArrived(where);
    const auto it = pool_->jobs.find(job_);
    return it != pool_->jobs.end() && it->second.ready;
}

bool AsyncResult::successful(std::source_location where) {
    if (!ready(where))
        throw ValueError("the task is not ready");
    return pool_->jobs.at(job_).ok;
}

// ---- Pool ----

Pool::Pool(int processes, std::string name, std::source_location where) {
    const int n = processes > 0 ? processes : cpuCount();
    state_ = std::make_shared<PoolState>(n, name, where);
    state_->owner = ::getpid();
    state_->workers.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        // The worker: take a task, run it, answer; a None ends it.
        Process worker(
            [tasks = state_->tasks, results = state_->results, where]() mutable {
                for (;;) {
                    const Message task = tasks.get(true, -1, where);
                    if (task.isNone())
                        break;
                    results.put(Message(runTask(task.str())), true, -1, where);
                }
            },
            workerName());
        worker.daemon = true; // as Python's pool workers
        worker.start(where);
        state_->workers.push_back(std::move(worker));
    }
}

Pool::~Pool() {
    if (!state_ || state_->workersEnded || ::getpid() != state_->owner)
        return;
    try {
        terminate(state_->where);
    } catch (...) {
        // Never throw from a destructor; the workers are daemonic and end with us.
    }
}

std::vector<Message> Pool::map(Task fn, const std::vector<Message>& items,
                               std::source_location where) {
    std::vector<uint64_t> jobs;
    jobs.reserve(items.size());
    for (const Message& item : items)
        jobs.push_back(state_->submit(fn, item, {}, {}, where));
    std::vector<Message> out;
    out.reserve(items.size());
    std::string firstError;
    bool failed = false;
    for (uint64_t job : jobs) {
        const PoolJob& done = state_->waitFor(job, -1, where);
        if (!done.ok && !failed) {
            failed = true;
            firstError = done.error;
        }
        out.push_back(done.value);
        state_->jobs.erase(job);
    }
    if (failed)
        throw TaskError(firstError);
    return out;
}

Message Pool::apply(Task fn, const Message& arg, std::source_location where) {
    const uint64_t job = state_->submit(fn, arg, {}, {}, where);
    const PoolJob& done = state_->waitFor(job, -1, where);
    const bool ok = done.ok;
    Message value = done.value;
    std::string error = done.error;
    state_->jobs.erase(job);
    if (!ok)
        throw TaskError(error);
    return value;
}

AsyncResult Pool::apply_async(Task fn, const Message& arg, Callback callback,
                              ErrorCallback error_callback, std::source_location where) {
    const uint64_t job =
        state_->submit(fn, arg, std::move(callback), std::move(error_callback), where);
    return AsyncResult(state_, job);
}

void Pool::close(std::source_location where) {
    state_->checkOwner();
    if (state_->status != PoolStatus::Run)
        return;
    state_->status = PoolStatus::Close;
    state_->collectArrived(where);
    for (std::size_t i = 0; i < state_->workers.size(); ++i)
        state_->tasks.put(Message(), true, -1, where); // one None for each worker
}

void Pool::join(std::source_location where) {
    state_->checkOwner();
    if (state_->status == PoolStatus::Run)
        throw ValueError("Pool is still running");
    if (state_->workersEnded)
        return;
    while (state_->outstanding > 0)
        state_->collectOne(-1, where);
    for (Process& worker : state_->workers)
        worker.join(-1, where);
    state_->workersEnded = true;
}

void Pool::terminate(std::source_location where) {
    state_->checkOwner();
    if (state_->workersEnded)
        return;
    state_->status = PoolStatus::Terminate;
    for (Process& worker : state_->workers)
        worker.terminate(where);
    for (Process& worker : state_->workers)
        worker.join(-1, where);
    state_->workersEnded = true;
}

int Pool::processes() const {
    return static_cast<int>(state_->workers.size());
}

std::vector<int> Pool::pids() const {
    std::vector<int> out;
    for (const Process& worker : state_->workers)
        out.push_back(worker.pid());
    return out;
}

const Queue& Pool::taskQueue() const {
    return state_->tasks;
}

const Queue& Pool::resultQueue() const {
    return state_->results;
}

} // namespace proclab::mp
