// Engine runtime benchmarks (issue 2). Each traced engine operation is measured side
// by side with its bare POSIX equivalent in the same run, inside the same lesson
// process, with A/B rounds interleaved (the order alternates every round); figures
// are medians and comparisons are ratios of medians.
//
//   proclab-bench-engine [--quick] [--verbose] [lock] [handoff] [trace] [spawn] [alive]
//
// Without a selection every figure is measured. Exit status 0 when every goal held,
// 1 when a goal was missed, 2 when a benchmark could not run.

#include "engine/host/host.h"
#include "engine/mp/mp.h"
#include "engine/session/object_view.h"
#include "engine/trace/record.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <functional>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace proclab;

constexpr int kMaxRounds = 64;
constexpr int kMaxOps = 1024;
constexpr int kWriters = 8;

uint64_t nowNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// Page faults and CPU time of this process and of its reaped children, to explain a
// difference: on a virtual machine a page fault can cost more than a system call.
struct Usage {
    double selfFaults = 0;
    double childFaults = 0;
    double childCpuUs = 0;
};

Usage usageNow() {
    rusage self{};
    rusage children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return {static_cast<double>(self.ru_minflt + self.ru_majflt),
            static_cast<double>(children.ru_minflt + children.ru_majflt),
            static_cast<double>(children.ru_utime.tv_sec + children.ru_stime.tv_sec) * 1e6 +
                static_cast<double>(children.ru_utime.tv_usec + children.ru_stime.tv_usec)};
}

Usage operator-(const Usage& a, const Usage& b) {
    return {a.selfFaults - b.selfFaults, a.childFaults - b.childFaults,
            a.childCpuUs - b.childCpuUs};
}

// Plain data shared with every process forked after its creation (the bench process,
// which is the host, and every lesson process): how lesson code reports its figures.
template <class T> class Shared {
public:
    Shared() {
        void* p =
            mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw std::bad_alloc();
        data_ = new (p) T{};
    }
    ~Shared() {
        data_->~T();
        munmap(data_, sizeof(T));
    }
    Shared(const Shared&) = delete;
    Shared& operator=(const Shared&) = delete;
    T* operator->() const { return data_; }
    T& operator*() const { return *data_; }

private:
    T* data_;
};

double median(std::vector<double> values) {
    if (values.empty())
        return 0;
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid),
                     values.end());
    const double upper = values[mid];
    if (values.size() % 2 != 0)
        return upper;
    const double lower =
        *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lower + upper) / 2;
}

std::vector<double> take(const double* values, int n) {
    return {values, values + n};
}

const char* verdict(bool ok) {
    return ok ? "PASS" : "FAIL";
}

void futexWait(std::atomic<uint32_t>& word, uint32_t expected) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT, expected, nullptr, nullptr,
            0);
}

void futexWake(std::atomic<uint32_t>& word, int count) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

// Bench-made processes that wait outside the engine (a raw futex, a spin) die with
// their parent, so that nothing outlives an interrupted benchmark.
void dieWithParent() {
    const pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
}

// Set-up only, never inside a timed section: polls `condition` every 100 µs.
void waitUntil(const std::function<bool()>& condition, const char* what, double seconds = 30) {
    const uint64_t deadline = nowNs() + static_cast<uint64_t>(seconds * 1e9);
    while (!condition()) {
        if (nowNs() > deadline)
            throw std::runtime_error(std::string("timed out waiting until ") + what);
        usleep(100);
    }
}

// The arena slot of the calling lesson process.
uint32_t slotOf(const arena::Arena& arena, int pid) {
    for (uint32_t slot = arena::kMainSlot; slot < arena.procSlots(); ++slot)
        if (arena.proc(slot).pid.load() == pid)
            return slot;
    throw std::runtime_error("no arena slot for pid " + std::to_string(pid));
}

// Set-up only: waits until the host has drained every record of `slot`'s ring.
void waitRingDrained(const arena::Arena& arena, uint32_t slot) {
    const arena::ProcSlot& proc = arena.proc(slot);
    waitUntil([&] { return proc.ringHead.load() == proc.ringTail.load(); },
              "the host has drained the ring");
}

// Processes queued on wait list 0 of an object (a viewer's read, not a step point).
std::size_t queued(const arena::Arena& arena, uint32_t id) {
    session::ObjectView view;
    if (!session::readObject(arena, id, view))
        return 0;
    return view.waiters[0].size();
}

// Counts what the host delivers: records by kind, and Read records per object, noting
// the moment an object's count reaches `readTarget`.
class CountingSink final : public host::TraceSink {
public:
    explicit CountingSink(uint64_t readTarget = 0, uint32_t maxObjects = 256)
        : readTarget_(readTarget), reads_(maxObjects, 0), readsDoneNs_(maxObjects, 0),
          handoffs_(maxObjects, 0) {}

    void consume(std::span<const trace::TraceRecord> records) override {
        total_ += records.size();
        for (const trace::TraceRecord& record : records) {
            const auto op = static_cast<trace::Op>(record.op);
            if (op == trace::Op::Read) {
                if (record.object < reads_.size() && ++reads_[record.object] == readTarget_) {
                    readsDoneNs_[record.object] = nowNs();
                    if (firstDoneRecords_ == 0) { // the end of a warm-up: the host's costs so far
                        getrusage(RUSAGE_SELF, &firstDoneUsage_);
                        firstDoneRecords_ = total_;
                    }
                }
            } else if (op == trace::Op::Acquire) {
                const auto phase = static_cast<trace::Phase>(record.phase);
                if (phase == trace::Phase::Instant)
                    ++instantAcquires_;
                else if (phase == trace::Phase::End && (record.flags & trace::kFlagHandoff) != 0 &&
                         record.object < handoffs_.size())
                    ++handoffs_[record.object];
            } else if (op == trace::Op::Release) {
                ++releases_;
            }
        }
    }

    uint64_t total() const { return total_; }
    // Records delivered, and the host process's usage, when an object first reached the
    // read target (0 records if none did).
    uint64_t firstDoneRecords() const { return firstDoneRecords_; }
    const rusage& firstDoneUsage() const { return firstDoneUsage_; }
    uint64_t instantAcquires() const { return instantAcquires_; }
    // Acquisitions of `object` handed over by a releaser.
    uint64_t handoffs(uint32_t object) const {
        return object < handoffs_.size() ? handoffs_[object] : 0;
    }
    uint64_t releases() const { return releases_; }
    uint64_t reads(uint32_t object) const { return object < reads_.size() ? reads_[object] : 0; }
    uint64_t readsDoneNs(uint32_t object) const {
        return object < readsDoneNs_.size() ? readsDoneNs_[object] : 0;
    }

private:
    uint64_t readTarget_;
    uint64_t total_ = 0;
    uint64_t instantAcquires_ = 0;
    uint64_t releases_ = 0;
    std::vector<uint64_t> reads_;
    std::vector<uint64_t> readsDoneNs_;
    std::vector<uint64_t> handoffs_;
    uint64_t firstDoneRecords_ = 0;
    rusage firstDoneUsage_{};
};

host::HostConfig makeConfig(uint32_t procSlots, uint32_t ringCapacity, uint32_t maxProcesses,
                            double timeoutSeconds) {
    host::HostConfig config;
    config.arena.maxProcs = procSlots;
    config.arena.maxObjects = 256;
    config.arena.ringCapacity = ringCapacity;
    config.arena.dataBytes = 1ull << 20;
    config.arena.maxProcesses = maxProcesses;
    config.timeoutSeconds = timeoutSeconds;
    return config;
}

// Runs a lesson whose code reports through shared memory; a failed lesson (an
// exception, a timeout) ends the benchmark with a message rather than a figure.
host::RunResult runLesson(host::Host& host, const std::function<void()>& lessonMain,
                          host::TraceSink* sink, const char* what) {
    const host::RunResult result = host.run(
        [&] {
            try {
                lessonMain();
            } catch (const std::exception& error) {
                std::fprintf(stderr, "%s: lesson failed: %s\n", what, error.what());
                throw;
            }
        },
        sink);
    if (result.mainExitCode != 0 || result.timedOut)
        throw std::runtime_error(std::string(what) + ": lesson main ended with " +
                                 std::to_string(result.mainExitCode) +
                                 (result.timedOut ? " (timed out)" : ""));
    return result;
}

struct Options {
    bool quick = false;
    bool verbose = false;
};

void printRounds(const char* label, const double* a, const double* b, int rounds) {
    std::printf("    %s per round:", label);
    for (int r = 0; r < rounds; ++r)
        std::printf(" %.1f/%.1f", a[r], b[r]);
    std::printf("\n");
}

// 1. Traced uncontended Lock acquire+release vs a bare robust process-shared mutex.
struct LockData {
    pthread_mutex_t mutex;
    double traced[kMaxRounds];
    double bare[kMaxRounds];
};

bool benchLock(const Options& options) {
    const int rounds = options.quick ? 5 : 21;
    const int pairs = options.quick ? 20'000 : 100'000;
    // More records than the ring holds: every ring page is touched before timing.
    const int warm = 150'000;
    constexpr uint32_t kRing = 1u << 18;

    Shared<LockData> data;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&data->mutex, &attr);
    pthread_mutexattr_destroy(&attr);

    host::Host host(makeConfig(8, kRing, 16, 300));
    CountingSink sink;
    const host::RunResult result = runLesson(
        host,
        [&] {
            mp::Lock lock("bench-lock");
            pthread_mutex_t& mutex = data->mutex;
            const uint32_t slot = slotOf(host.arena(), mp::getpid());
            auto traced = [&] {
                // Each timed batch starts with an empty ring and fits in it: this
                // measures the writer's own cost while the host drains on the other
                // CPU, not the back-pressure of a full ring (see the trace figure).
                waitRingDrained(host.arena(), slot);
                const uint64_t t0 = nowNs();
                for (int i = 0; i < pairs; ++i) {
                    lock.acquire();
                    lock.release();
                }
                return static_cast<double>(nowNs() - t0) / pairs;
            };
            auto bare = [&] {
                waitRingDrained(host.arena(), slot);
                const uint64_t t0 = nowNs();
                for (int i = 0; i < pairs; ++i) {
                    pthread_mutex_lock(&mutex);
                    pthread_mutex_unlock(&mutex);
                }
                return static_cast<double>(nowNs() - t0) / pairs;
            };
            for (int i = 0; i < warm; ++i) {
                lock.acquire();
                lock.release();
                pthread_mutex_lock(&mutex);
                pthread_mutex_unlock(&mutex);
            }
            for (int r = 0; r < rounds; ++r) {
                if (r % 2 == 0) {
                    data->traced[r] = traced();
                    data->bare[r] = bare();
                } else {
                    data->bare[r] = bare();
                    data->traced[r] = traced();
                }
            }
        },
        &sink, "lock");

    const double traced = median(take(data->traced, rounds));
    const double bare = median(take(data->bare, rounds));
    const double extra = traced - bare;
    const uint64_t expected =
        static_cast<uint64_t>(warm) +
        uint64_t{static_cast<uint32_t>(rounds)} * static_cast<uint32_t>(pairs);
    const bool lossless = sink.instantAcquires() == expected && sink.releases() == expected &&
                          sink.total() == result.records;
    const bool ok = extra < 80 && lossless;
    std::printf("lock+unlock traced  median %.1f ns | bare robust mutex median %.1f ns | extra "
                "%.1f ns (goal < 80 ns) %s\n",
                traced, bare, extra, verdict(ok));
    std::printf("    %d rounds x %d pairs; acquire/release records %llu/%llu of %llu expected "
                "(%s)\n",
                rounds, pairs, static_cast<unsigned long long>(sink.instantAcquires()),
                static_cast<unsigned long long>(sink.releases()),
                static_cast<unsigned long long>(expected), lossless ? "lossless" : "LOST");
    if (options.verbose)
        printRounds("traced/bare ns", data->traced, data->bare, rounds);
    return ok;
}

// 2. Lock handoff between two processes vs a raw futex ping-pong.
//
// Two plain acquire/release loops on one Lock do not alternate, FIFO handoff or not:
// the woken waiter releases and re-acquires the lock, uncontended, many times before
// the releaser (still returning from its FUTEX_WAKE) has queued again. The measured
// figure therefore passes a baton, as the ping-pong passes its turn: two Locks, A
// waits on one and B on the other, and each process releases the other's Lock (any
// process may release a Lock, as in Python). Every turn is one release that wakes a
// blocked acquire. A wake costs about twice as much across CPUs as on one CPU, and
// the scheduler's choice would decide the figure, so the two processes are pinned:
// once to two CPUs, once both to one CPU. For information, one Lock with both
// processes looping (unpinned) is measured too: plainly (how often they alternate),
// and with alternation forced (a holder releases only once the other process is
// queued, polling the lock word's waiters bit), which adds the releaser's way back
// into the queue to every handoff.
constexpr int kPlacements = 2; // 0: across two CPUs, 1: both on one CPU

struct HandoffData {
    std::atomic<uint32_t> ready;
    std::atomic<uint32_t> finished;
    std::atomic<uint32_t> turn; // futex word of the ping-pong
    std::atomic<uint64_t> endNs;
    uint32_t last;         // who had the turn or the lock last (guarded by it)
    uint64_t alternations; // guarded likewise
    uint64_t slept;        // ping-pong turns that had to FUTEX_WAIT (per round)
    uint32_t batonIds[2];
    double batonNs[kPlacements][kMaxRounds];
    double futexNs[kPlacements][kMaxRounds];
    double forcedNs[kMaxRounds];
    double plainNs[kMaxRounds];
    uint64_t batonAlternated[kPlacements][kMaxRounds];
    uint64_t futexSlept[kPlacements][kMaxRounds];
    uint64_t forcedAlternated[kMaxRounds];
    uint64_t plainAlternated[kMaxRounds];
};

// The CPUs this process may run on.
std::vector<int> allowedCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<int> cpus;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
            if (CPU_ISSET(cpu, &set))
                cpus.push_back(cpu);
    return cpus;
}

void pinTo(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        throw std::runtime_error(std::string("sched_setaffinity: ") + std::strerror(errno));
}

bool benchHandoff(const Options& options) {
    const int rounds = options.quick ? 3 : 11;
    const int perProcess = options.quick ? 1000 : 5000; // two processes: 2x handoffs
    const double handoffsPerRound = 2.0 * perProcess;
    constexpr uint32_t kWaitersBit = 1u << 31; // lockWord: the wait list is not empty
    const std::vector<int> cpus = allowedCpus();
    if (cpus.size() < 2)
        throw std::runtime_error("the handoff figure needs two CPUs");
    // CPUs of processes A and B per placement.
    const int cpuOf[kPlacements][2] = {{cpus[0], cpus[1]}, {cpus[1], cpus[1]}};

    Shared<HandoffData> data;
    host::Host host(makeConfig(16, 1u << 16, 12 * static_cast<uint32_t>(rounds) + 16, 300));
    CountingSink sink;
    HandoffData& d = *data;
    auto begin = [&d] {
        d.finished.store(0);
        d.ready.store(0);
        d.last = 0; // the main process
        d.alternations = 0;
        d.slept = 0;
    };
    auto finish = [&d] {
        if (d.finished.fetch_add(1) + 1 == 2)
            d.endNs.store(nowNs());
    };
    auto note = [&d](uint32_t me) {
        d.alternations += d.last != me ? 1 : 0;
        d.last = me;
    };
    runLesson(
        host,
        [&] {
            mp::Lock batonA("baton-a");
            mp::Lock batonB("baton-b");
            mp::Lock single("single");
            d.batonIds[0] = batonA.id();
            d.batonIds[1] = batonB.id();
            auto timeRound = [&](mp::Process& a, mp::Process& b,
                                 const std::function<void()>& waitReady,
                                 const std::function<void()>& go) {
                a.start();
                b.start();
                waitReady();
                const uint64_t t0 = nowNs();
                go();
                a.join();
                b.join();
                return static_cast<double>(d.endNs.load() - t0) / handoffsPerRound;
            };
            auto batonRound = [&](int placement) {
                begin();
                batonA.acquire();
                batonB.acquire();
                mp::Process a(
                    [&] {
                        pinTo(cpuOf[placement][0]);
                        for (int i = 0; i < perProcess; ++i) {
                            batonA.acquire();
                            note(1);
                            batonB.release(); // B's turn
                        }
                        finish();
                    },
                    "A");
                mp::Process b(
                    [&] {
                        pinTo(cpuOf[placement][1]);
                        for (int i = 0; i < perProcess; ++i) {
                            batonB.acquire();
                            note(2);
                            batonA.release(); // A's turn
                        }
                        batonB.release(); // leave both free
                        finish();
                    },
                    "B");
                return timeRound(
                    a, b,
                    [&] {
                        waitUntil(
                            [&] {
                                return queued(host.arena(), batonA.id()) == 1 &&
                                       queued(host.arena(), batonB.id()) == 1;
                            },
                            "both processes wait for the baton");
                    },
                    [&] { batonA.release(); });
            };
            auto futexRound = [&](int placement) {
                begin();
                d.turn.store(2); // nobody's turn yet
                auto body = [&](uint32_t me) {
                    dieWithParent(); // raw futex waits do not watch the host
                    pinTo(cpuOf[placement][me]);
                    d.ready.fetch_add(1);
                    uint64_t slept = 0;
                    for (int i = 0; i < perProcess; ++i) {
                        uint32_t seen = d.turn.load(std::memory_order_acquire);
                        slept += seen != me ? 1 : 0;
                        for (; seen != me; seen = d.turn.load(std::memory_order_acquire))
                            futexWait(d.turn, seen);
                        note(me + 1);
                        d.turn.store(1 - me, std::memory_order_release);
                        futexWake(d.turn, 1);
                    }
                    __atomic_fetch_add(&d.slept, slept, __ATOMIC_RELAXED);
                    finish();
                };
                mp::Process a([&] { body(0); }, "A");
                mp::Process b([&] { body(1); }, "B");
                return timeRound(
                    a, b,
                    [&] {
                        waitUntil([&] { return d.ready.load() == 2; },
                                  "both ping-pong processes run");
                        usleep(5000); // both asleep in FUTEX_WAIT, as the lock's waiters are
                    },
                    [&] {
                        d.turn.store(0, std::memory_order_release);
                        futexWake(d.turn, INT_MAX);
                    });
            };
            auto singleRound = [&](bool forced) {
                begin();
                const std::atomic<uint32_t>& word = host.arena().object(single.id()).lockWord;
                single.acquire();
                auto body = [&](uint32_t me) {
                    dieWithParent(); // the forced loop spins outside the engine
                    for (int i = 0; i < perProcess; ++i) {
                        single.acquire();
                        note(me);
                        while (forced &&
                               (word.load(std::memory_order_acquire) & kWaitersBit) == 0 &&
                               d.finished.load(std::memory_order_acquire) == 0) {
                        }
                        single.release();
                    }
                    finish();
                };
                mp::Process a([&] { body(1); }, "A");
                mp::Process b([&] { body(2); }, "B");
                return timeRound(
                    a, b,
                    [&] {
                        waitUntil([&] { return queued(host.arena(), single.id()) == 2; },
                                  "both processes wait on the lock");
                    },
                    [&] { single.release(); });
            };
            for (int r = 0; r < rounds; ++r) {
                for (int placement = 0; placement < kPlacements; ++placement) {
                    auto baton = [&] {
                        d.batonNs[placement][r] = batonRound(placement);
                        d.batonAlternated[placement][r] = d.alternations;
                    };
                    auto futex = [&] {
                        d.futexNs[placement][r] = futexRound(placement);
                        d.futexSlept[placement][r] = d.slept;
                    };
                    if ((r + placement) % 2 == 0) {
                        baton();
                        futex();
                    } else {
                        futex();
                        baton();
                    }
                }
                d.forcedNs[r] = singleRound(true);
                d.forcedAlternated[r] = d.alternations;
                d.plainNs[r] = singleRound(false);
                d.plainAlternated[r] = d.alternations;
            }
        },
        &sink, "handoff");

    const auto perRound = static_cast<uint64_t>(handoffsPerRound);
    const uint64_t expected = perRound * static_cast<uint32_t>(rounds);
    auto share = [](uint64_t n, uint64_t of) {
        return 100.0 * static_cast<double>(n) / static_cast<double>(of);
    };
    uint64_t forcedAlternated = 0;
    std::vector<double> plainShare;
    for (int r = 0; r < rounds; ++r) {
        forcedAlternated += d.forcedAlternated[r];
        plainShare.push_back(share(d.plainAlternated[r], perRound));
    }
    const uint64_t woken = sink.handoffs(d.batonIds[0]) + sink.handoffs(d.batonIds[1]);
    bool ok = forcedAlternated == expected;
    uint64_t batonAlternated = 0;
    for (int placement = 0; placement < kPlacements; ++placement) {
        const double batonUs = median(take(d.batonNs[placement], rounds)) / 1000;
        const double futexUs = median(take(d.futexNs[placement], rounds)) / 1000;
        const double ratio = batonUs / futexUs;
        uint64_t alternated = 0;
        uint64_t slept = 0;
        for (int r = 0; r < rounds; ++r) {
            alternated += d.batonAlternated[placement][r];
            slept += d.futexSlept[placement][r];
        }
        batonAlternated += alternated;
        const bool strict = alternated == expected;
        const bool placementOk = ratio <= 1.5 && strict;
        ok = ok && placementOk;
        std::printf("lock handoff, %s  median %.2f µs | raw futex ping-pong median %.2f µs | "
                    "ratio %.2f (goal <= 1.5) %s\n",
                    placement == 0 ? "2 CPUs" : "1 CPU ", batonUs, futexUs, ratio,
                    verdict(placementOk));
        std::printf("    ping-pong turns that slept %.1f%%%s\n", share(slept, expected),
                    strict ? "" : "; the baton did NOT alternate strictly");
        if (options.verbose)
            printRounds("baton/futex ns", d.batonNs[placement], d.futexNs[placement], rounds);
    }
    std::printf("    %d rounds x %.0f turns per placement, A/B interleaved; baton alternation "
                "%llu/%llu; acquires that blocked and were handed the lock %.1f%%\n",
                rounds, handoffsPerRound, static_cast<unsigned long long>(batonAlternated),
                static_cast<unsigned long long>(expected * kPlacements),
                share(woken, expected * kPlacements));
    std::printf("    one Lock, both looping, unpinned (information): forced alternation median "
                "%.2f µs per handoff (%s); plain loops median %.2f µs per acquisition, %.1f%% "
                "alternate\n",
                median(take(d.forcedNs, rounds)) / 1000,
                forcedAlternated == expected ? "strict" : "NOT strict",
                median(take(d.plainNs, rounds)) / 1000, median(plainShare));
    return ok;
}

// 3. Trace records drained per second with eight writer processes.
struct TraceData {
    uint32_t valueId[kMaxRounds];
    uint64_t t0[kMaxRounds];
    uint64_t writerDoneNs[kMaxRounds][kWriters];
};

struct TraceRun {
    std::vector<double> drained; // M records/s: records / (last one delivered - start)
    std::vector<double> written; // M records/s: records / (last writer done - start)
    bool lossless = true;
    // The host process's user+system time and page faults per record delivered, in the
    // warm-up round and in the measured rounds.
    double warmDrained = 0; // M records/s in the warm-up round (a fresh host)
    double warmCpuNsPerRecord = 0;
    double warmFaultsPerKRecord = 0;
    double hostCpuNsPerRecord = 0;
    double hostFaultsPerKRecord = 0;
};

double cpuNs(const rusage& usage) {
    return (static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
            static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)) *
           1e3;
}

// One host run: a warm-up round, then `rounds` measured rounds. In each, eight writer
// processes wait on an Event, then read a Value `perWriter` times (one record each).
TraceRun traceRun(uint32_t ringCapacity, uint64_t perWriter, int rounds) {
    Shared<TraceData> data;
    const uint64_t total = perWriter * kWriters;
    const int runs = rounds + 1; // round 0 warms the host's buffers up
    host::Host host(makeConfig(16, ringCapacity, static_cast<uint32_t>(runs * kWriters) + 8, 300));
    CountingSink sink(total);
    rusage before{};
    rusage after{};
    getrusage(RUSAGE_SELF, &before);
    const host::RunResult result = runLesson(
        host,
        [&] {
            for (int r = 0; r < runs; ++r) {
                mp::Value<int64_t> value(0, false, "v");
                mp::Event go("go");
                data->valueId[r] = value.id();
                std::vector<mp::Process> writers;
                writers.reserve(kWriters);
                for (int w = 0; w < kWriters; ++w) {
                    writers.emplace_back([&, w, r] {
                        go.wait();
                        int64_t sum = 0;
                        for (uint64_t i = 0; i < perWriter; ++i)
                            sum += value.value(); // one Read record each
                        data->writerDoneNs[r][w] = nowNs() + static_cast<uint64_t>(sum);
                    });
                    writers.back().start();
                }
                waitUntil([&] { return queued(host.arena(), go.id()) == kWriters; },
                          "every writer waits to begin");
                data->t0[r] = nowNs();
                go.set();
                for (mp::Process& writer : writers)
                    writer.join();
            }
        },
        &sink, "trace");
    getrusage(RUSAGE_SELF, &after);

    TraceRun run;
    run.lossless = sink.total() == result.records;
    for (int r = 0; r < runs; ++r) {
        const uint32_t id = data->valueId[r];
        const uint64_t t0 = data->t0[r];
        run.lossless = run.lossless && sink.reads(id) == total;
        if (r == 0) {
            run.warmDrained =
                static_cast<double>(total) * 1e3 / static_cast<double>(sink.readsDoneNs(id) - t0);
            continue;
        }
        const uint64_t done =
            *std::max_element(data->writerDoneNs[r], data->writerDoneNs[r] + kWriters);
        run.drained.push_back(static_cast<double>(total) * 1e3 /
                              static_cast<double>(sink.readsDoneNs(id) - t0));
        run.written.push_back(static_cast<double>(total) * 1e3 / static_cast<double>(done - t0));
    }
    const rusage& warm = sink.firstDoneUsage();
    const auto warmRecords = static_cast<double>(sink.firstDoneRecords());
    const auto records = static_cast<double>(result.records) - warmRecords;
    run.warmCpuNsPerRecord = (cpuNs(warm) - cpuNs(before)) / warmRecords;
    run.warmFaultsPerKRecord =
        static_cast<double>(warm.ru_minflt - before.ru_minflt) * 1e3 / warmRecords;
    run.hostCpuNsPerRecord = (cpuNs(after) - cpuNs(warm)) / records;
    run.hostFaultsPerKRecord =
        static_cast<double>(after.ru_minflt - warm.ru_minflt) * 1e3 / records;
    return run;
}

bool benchTrace(const Options& options) {
    const int rounds = options.quick ? 3 : 7;
    const uint64_t perWriter = options.quick ? 200'000 : 1'000'000;
    constexpr uint32_t kBigRing = 1u << 16;
    constexpr uint32_t kDefaultRing = arena::ArenaConfig{}.ringCapacity;
    const TraceRun big = traceRun(kBigRing, perWriter, rounds);
    const TraceRun small = traceRun(kDefaultRing, perWriter, rounds);
    const double rate = median(big.drained);
    const bool ok = rate >= 10 && big.lossless;
    std::printf("trace drain, %d writers, ring %u  median %.1f M records/s (goal >= 10 M/s) "
                "%s\n",
                kWriters, kBigRing, rate, verdict(ok));
    std::printf("    %d rounds x %llu records after a warm-up round, counted exactly by the sink: "
                "%s; writers done at median %.1f M/s\n",
                rounds, static_cast<unsigned long long>(perWriter * kWriters),
                big.lossless ? "lossless" : "LOST", median(big.written));
    std::printf("    same with the default ring (%u records, information): median %.1f M "
                "records/s drained (%s), %.1f M/s written\n",
                kDefaultRing, median(small.drained), small.lossless ? "lossless" : "LOST",
                median(small.written));
    auto hostCost = [](const char* label, const TraceRun& run) {
        std::printf("    host process, ring %s: %.0f ns CPU and %.2f page faults per 1000 records "
                    "(warm-up round on a fresh host: %.1f M records/s, %.0f ns, %.2f faults)\n",
                    label, run.hostCpuNsPerRecord, run.hostFaultsPerKRecord, run.warmDrained,
                    run.warmCpuNsPerRecord, run.warmFaultsPerKRecord);
    };
    hostCost("65536", big);
    hostCost("4096", small);
    if (options.verbose) {
        std::printf("    drained M/s per round, ring %u:", kBigRing);
        for (double v : big.drained)
            std::printf(" %.1f", v);
        std::printf("; ring %u:", kDefaultRing);
        for (double v : small.drained)
            std::printf(" %.1f", v);
        std::printf("\n");
    }
    return ok;
}

// 4. Process.start()+join() vs fork()+waitpid(), both inside a lesson process.
struct SpawnData {
    double engineUs[kMaxOps];
    double bareUs[kMaxOps];
    double engineStartUs[kMaxOps]; // the start() part of engineUs
    double bareForkUs[kMaxOps];    // the fork() part of bareUs
    Usage engineUsage[kMaxOps];    // faults of the parent, and of the child it reaped
    Usage bareUsage[kMaxOps];
};

bool benchSpawn(const Options& options) {
    // Several short lessons rather than one long one: a lesson process keeps a record
    // of every child it ever started, which makes later forks dearer (see
    // docs/performance.md), and this figure is about one start and join.
    const int rounds = options.quick ? 2 : 6;
    const int perRound = options.quick ? 30 : 50;
    const int ops = rounds * perRound;
    const int warm = 5;
    Shared<SpawnData> data;
    for (int round = 0; round < rounds; ++round) {
        host::Host host(makeConfig(64, 4096, static_cast<uint32_t>(perRound + warm) + 16, 300));
        runLesson(
            host,
            [&] {
                auto engine = [&](int i) {
                    const Usage before = usageNow();
                    const uint64_t t0 = nowNs();
                    mp::Process p([] {});
                    p.start();
                    const uint64_t started = nowNs();
                    p.join();
                    const uint64_t t1 = nowNs();
                    data->engineUsage[i] = usageNow() - before;
                    data->engineUs[i] = static_cast<double>(t1 - t0) / 1000;
                    data->engineStartUs[i] = static_cast<double>(started - t0) / 1000;
                };
                auto bare = [&](int i) {
                    const Usage before = usageNow();
                    const uint64_t t0 = nowNs();
                    const pid_t pid = fork();
                    if (pid < 0)
                        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
                    if (pid == 0)
                        _exit(0);
                    const uint64_t forked = nowNs();
                    int status = 0;
                    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
                    }
                    const uint64_t t1 = nowNs();
                    data->bareUsage[i] = usageNow() - before;
                    data->bareUs[i] = static_cast<double>(t1 - t0) / 1000;
                    data->bareForkUs[i] = static_cast<double>(forked - t0) / 1000;
                };
                for (int i = 0; i < warm; ++i) {
                    engine(round * perRound);
                    bare(round * perRound);
                }
                for (int i = round * perRound; i < (round + 1) * perRound; ++i) {
                    if (i % 2 == 0) {
                        engine(i);
                        bare(i);
                    } else {
                        bare(i);
                        engine(i);
                    }
                }
            },
            nullptr, "spawn");
    }
    const double engine = median(take(data->engineUs, ops));
    const double bare = median(take(data->bareUs, ops));
    const double ratio = engine / bare;
    const bool ok = ratio <= 1.3;
    std::printf("Process start+join  median %.0f µs | fork+waitpid median %.0f µs | ratio %.2f "
                "(goal <= 1.3) %s\n",
                engine, bare, ratio, verdict(ok));
    auto faults = [ops](const Usage* usage, bool child) {
        std::vector<double> values;
        for (int i = 0; i < ops; ++i)
            values.push_back(child ? usage[i].childFaults : usage[i].selfFaults);
        return median(values);
    };
    std::printf("    %d lessons x %d interleaved pairs, per-operation medians; start() %.0f µs vs "
                "fork() %.0f µs; page faults: parent %.0f vs %.0f, child %.0f vs %.0f\n",
                rounds, perRound, median(take(data->engineStartUs, ops)),
                median(take(data->bareForkUs, ops)), faults(data->engineUsage, false),
                faults(data->bareUsage, false), faults(data->engineUsage, true),
                faults(data->bareUsage, true));
    if (options.verbose)
        printRounds("engine/bare µs (first 20)", data->engineUs, data->bareUs, std::min(ops, 20));
    return ok;
}

// 5. 1000 live lesson processes vs 1000 bare forks: start all, release all, join all.
struct AliveData {
    double engineStart[kMaxRounds];
    double engineTotal[kMaxRounds];
    double bareStart[kMaxRounds];
    double bareTotal[kMaxRounds];
    Usage engineUsage[kMaxRounds];
    Usage bareUsage[kMaxRounds];
};

bool benchAlive(const Options& options) {
    const int rounds = options.quick ? 2 : 5;
    const int count = options.quick ? 200 : 1000;
    Shared<AliveData> data;
    // One fresh lesson per round (a lesson process keeps a record of every child it
    // ever started), the order of the two alternating from round to round.
    for (int round = 0; round < rounds; ++round) {
        host::Host host(makeConfig(1100, 4096, static_cast<uint32_t>(count) + 64, 300));
        runLesson(
            host,
            [&] {
                auto engine = [&](int r) {
                    mp::Event go("go");
                    std::vector<mp::Process> children;
                    children.reserve(static_cast<std::size_t>(count));
                    const Usage before = usageNow();
                    const uint64_t t0 = nowNs();
                    for (int k = 0; k < count; ++k) {
                        children.emplace_back([&go] { go.wait(); });
                        children.back().start();
                    }
                    const uint64_t started = nowNs();
                    go.set();
                    for (mp::Process& child : children)
                        child.join();
                    const uint64_t t1 = nowNs();
                    data->engineUsage[r] = usageNow() - before;
                    data->engineStart[r] = static_cast<double>(started - t0) / 1e6;
                    data->engineTotal[r] = static_cast<double>(t1 - t0) / 1e6;
                };
                auto bare = [&](int r) {
                    int fds[2];
                    if (pipe(fds) != 0)
                        throw std::runtime_error("pipe failed");
                    std::vector<pid_t> pids;
                    pids.reserve(static_cast<std::size_t>(count));
                    const Usage before = usageNow();
                    const uint64_t t0 = nowNs();
                    for (int k = 0; k < count; ++k) {
                        const pid_t pid = fork();
                        if (pid < 0) {
                            const int error = errno;
                            close(fds[1]); // lets the children started so far end
                            for (const pid_t child : pids)
                                waitpid(child, nullptr, 0);
                            throw std::runtime_error(std::string("fork: ") + std::strerror(error));
                        }
                        if (pid == 0) {
                            close(fds[1]);
                            char byte = 0;
                            while (read(fds[0], &byte, 1) < 0 && errno == EINTR) {
                            }
                            _exit(0); // end of file: the parent closed the write end
                        }
                        pids.push_back(pid);
                    }
                    const uint64_t started = nowNs();
                    close(fds[1]);
                    for (const pid_t pid : pids)
                        while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
                        }
                    const uint64_t t1 = nowNs();
                    data->bareUsage[r] = usageNow() - before;
                    close(fds[0]);
                    data->bareStart[r] = static_cast<double>(started - t0) / 1e6;
                    data->bareTotal[r] = static_cast<double>(t1 - t0) / 1e6;
                };
                if (round % 2 == 0) {
                    engine(round);
                    bare(round);
                } else {
                    bare(round);
                    engine(round);
                }
            },
            nullptr, "alive");
    }
    const double engine = median(take(data->engineTotal, rounds));
    const double bare = median(take(data->bareTotal, rounds));
    const double ratio = engine / bare;
    const bool ok = ratio <= 1.3;
    std::printf("%d live processes   median %.0f ms | bare fork median %.0f ms | ratio %.2f "
                "(goal <= 1.3) %s\n",
                count, engine, bare, ratio, verdict(ok));
    std::printf("    %d rounds; start all: median %.0f ms engine, %.0f ms bare; release+join "
                "all: %.0f ms engine, %.0f ms bare\n",
                rounds, median(take(data->engineStart, rounds)),
                median(take(data->bareStart, rounds)),
                engine - median(take(data->engineStart, rounds)),
                bare - median(take(data->bareStart, rounds)));
    auto perChild = [rounds, count](const Usage* usage, int what) {
        std::vector<double> values;
        for (int r = 0; r < rounds; ++r) {
            const double v = what == 0   ? usage[r].childCpuUs
                             : what == 1 ? usage[r].childFaults
                                         : usage[r].selfFaults;
            values.push_back(v / count);
        }
        return median(values);
    };
    std::printf("    per child: CPU %.0f µs engine vs %.0f µs bare, page faults %.0f vs %.0f; "
                "parent page faults per child %.1f vs %.1f\n",
                perChild(data->engineUsage, 0), perChild(data->bareUsage, 0),
                perChild(data->engineUsage, 1), perChild(data->bareUsage, 1),
                perChild(data->engineUsage, 2), perChild(data->bareUsage, 2));
    if (options.verbose)
        printRounds("engine/bare total ms", data->engineTotal, data->bareTotal, rounds);
    return ok;
}

void printHeader() {
    utsname uts{};
    uname(&uts);
    char date[64] = "?";
    const std::time_t t = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", std::localtime(&t));
    std::printf("ProcLab engine runtime: traced engine operations vs bare POSIX equivalents\n");
    std::printf("(medians over interleaved A/B rounds, measured in one run; %s, %ld CPUs, "
                "Linux %s)\n",
                date, sysconf(_SC_NPROCESSORS_ONLN), uts.release);
}

// CPU seconds every process of the machine has used since boot (/proc/stat), and
// those this benchmark and its reaped descendants used: the difference over a run is
// what other processes took, a measure of how noisy the run was.
double machineBusySeconds() {
    std::FILE* file = std::fopen("/proc/stat", "r");
    if (file == nullptr)
        return 0;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                       steal = 0;
    const int n = std::fscanf(file, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice,
                              &system, &idle, &iowait, &irq, &softirq, &steal);
    std::fclose(file);
    if (n != 8)
        return 0;
    return static_cast<double>(user + nice + system + irq + softirq + steal) /
           static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ownBusySeconds() {
    rusage self{};
    rusage children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    auto seconds = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return seconds(self.ru_utime) + seconds(self.ru_stime) + seconds(children.ru_utime) +
           seconds(children.ru_stime);
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    std::vector<std::string_view> selected;
    const std::vector<std::string_view> known = {"lock", "handoff", "trace", "spawn", "alive"};
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--quick") {
            options.quick = true;
        } else if (arg == "--verbose") {
            options.verbose = true;
        } else if (std::find(known.begin(), known.end(), arg) != known.end()) {
            selected.push_back(arg);
        } else {
            std::fprintf(stderr,
                         "usage: %s [--quick] [--verbose] [lock] [handoff] [trace] [spawn] "
                         "[alive]\n",
                         argv[0]);
            return 2;
        }
    }
    if (selected.empty())
        selected = known;
    auto wanted = [&](std::string_view name) {
        return std::find(selected.begin(), selected.end(), name) != selected.end();
    };

    printHeader();
    std::fflush(stdout);
    const double machineBefore = machineBusySeconds();
    const double ownBefore = ownBusySeconds();
    const uint64_t startNs = nowNs();
    bool allOk = true;
    try {
        const std::pair<std::string_view, bool (*)(const Options&)> benches[] = {
            {"lock", benchLock},   {"handoff", benchHandoff}, {"trace", benchTrace},
            {"spawn", benchSpawn}, {"alive", benchAlive},
        };
        for (const auto& [name, run] : benches) {
            if (!wanted(name))
                continue;
            allOk = run(options) && allOk;
            std::fflush(stdout);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "benchmark failed: %s\n", error.what());
        return 2;
    }
    const double wall = static_cast<double>(nowNs() - startNs) / 1e9;
    const double others = (machineBusySeconds() - machineBefore) - (ownBusySeconds() - ownBefore);
    std::printf("(%.0f s; other processes used %.0f%% of the machine's CPU time meanwhile)\n", wall,
                std::max(0.0, 100.0 * others /
                                  (wall * static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN)))));
    return allOk ? 0 : 1;
}
