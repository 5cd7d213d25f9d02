#pragma once
// Real mode's Machine: each job is a spinner child forked at its arrival; the engine's decisions
// become SIGSTOP/SIGCONT; time is the monotonic clock in microseconds; the CPU a job received
// is read from /proc/<pid>/schedstat. The destructor kills and reaps every child still there,
// so no exit path (exception, interrupt) leaves a process behind.

#include "engine/sched/machine.h"
#include "engine/sched/real/schedstat.h"
#include "engine/sched/real/signal_watch.h"
#include "engine/sched/workload.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace proclab::sched::real {

// One stretch during which a child was continued, with the CPU it really received.
struct RunStretch {
    JobId job = kNoJob;
    Time start = 0; // engine time (µs)
    Time end = 0;
    std::int64_t cpuNs = 0;
};

class ProcessMachine final : public Machine {
public:
    // `workload` is in microseconds (see scaleWorkload). While a job is on the CPU the
    // supervisor sleeps at least `minimumRunUs` between looks, so its own wake-ups cannot starve
    // the job when a slice has only a sliver left.
    ProcessMachine(const Workload& workload, Time defaultIoTime, Time minimumRunUs,
                   SignalWatch& signals);
    ProcessMachine(const ProcessMachine&) = delete;
    ProcessMachine& operator=(const ProcessMachine&) = delete;
    ~ProcessMachine() override;

    void begin(Time now) override;
    Progress advance(Time now, Time until, JobId job, Time burstLeft) override;
    void arrived(JobId job) override;
    void switchTo(JobId from, JobId to) override;
    void blocked(JobId job) override;
    void finished(JobId job) override;

    // CPU time each job's process received, from schedstat (ns).
    std::int64_t cpuNanoseconds(JobId job) const { return children_[job].cpuNs; }
    const std::vector<RunStretch>& runs() const { return runs_; }
    // Nanoseconds since engine time 0.
    std::int64_t wallNanoseconds() const;

private:
    enum class State : unsigned char { NotStarted, Running, Stopped, Exited, Reaped };
    struct Child {
        pid_t pid = -1;
        State state = State::NotStarted;
        SchedstatReader stat;
        std::int64_t lastSampleNs = 0;
        std::int64_t cpuNs = 0;      // since its first stop
        std::int64_t reportedUs = 0; // part of cpuNs already given to the engine
        std::uint32_t burstsSeen = 0;
        bool inRun = false;
        Time runStart = 0; // when it was last continued (µs)
        std::int64_t cpuAtRunStart = 0;
        std::vector<std::int64_t> burstEndsNs;
    };

    // Notices, without blocking, that the child stopped itself or exited.
    void refresh(Child& child);
    void waitForStopOrExit(Child& child);
    void sample(Child& child);
    void startRun(JobId job);
    void endRun(JobId job);
    void killAll() noexcept;

    SignalWatch& signals_;
    std::int64_t minimumRunNs_;
    std::vector<Child> children_;
    std::vector<RunStretch> runs_;
    std::atomic<std::uint32_t>* burstsDone_ = nullptr; // shared with the children
    std::size_t sharedBytes_ = 0;
    Time startTime_ = 0;
    bool clockStarted_ = false;
    std::int64_t originNs_ = 0; // monotonic time of engine time 0
};

} // namespace proclab::sched::real
