#pragma once
// The discrete-event loop shared by the simulator and real mode. Time jumps from one instant to
// the next (arrival, I/O completion, end of a burst or a slice, policy timer, end of a switch),
// so a run costs O(events log n), not O(ticks).

#include "engine/sched/job_table.h"
#include "engine/sched/machine.h"
#include "engine/sched/policy.h"
#include "engine/sched/result.h"
#include "engine/sched/workload.h"

#include <queue>

namespace proclab::sched {

class Engine final : private EventSink {
public:
    Engine(const Workload& workload, const Settings& settings, const RecordOptions& record,
           Machine& machine);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine();

    Result run();

private:
    struct IoCompletion {
        Time time;
        std::uint64_t sequence; // completions at one instant go in the order their I/O began
        JobId job;
        friend bool operator>(const IoCompletion& a, const IoCompletion& b) {
            return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
        }
    };

    void processInstant();
    Time nextInstant() const;
    void account(const Progress& progress);
    void endBurst(JobId job);
    void admit(JobId job, ReadyCause cause);
    void requeueExpired(JobId job, bool besideNewcomers);
    bool newcomersPending() const;
    void decide(JobId expired);
    void dispatch(const Choice& choice, bool continued, bool afterPreemption);
    void startRunning();
    JobId jobOnCpu() const;
    bool switching() const { return running_ != kNoJob && switchUntil_ > now_; }
    void setCpu(SegmentKind kind, JobId job);
    void closeSegment();
    void record(const Event& event);
    void note(const Event& event) override { record(event); }
    Time nextArrivalTime() const;
    JobId arrivingJob(std::size_t position) const;
    void finishResult();

    const Workload& workload_;
    Settings settings_;
    RecordOptions record_;
    Machine& machine_;
    JobTable jobs_;
    std::unique_ptr<Policy> policy_;
    bool newcomersFirst_;

    std::vector<JobId> arrivalOrder_; // empty when the jobs are listed in arrival order
    std::size_t nextArrival_ = 0;
    std::priority_queue<IoCompletion, std::vector<IoCompletion>, std::greater<>> io_;
    std::uint64_t ioSequence_ = 0;

    Time now_ = 0;
    JobId running_ = kNoJob;          // chosen job (on the CPU, or being switched to)
    Time switchUntil_ = 0;            // end of the context switch to running_
    bool runStarted_ = false;         // running_ is past its switch
    JobId awaitingBurstEnd_ = kNoJob; // real mode: burst measured as done, not yet confirmed
    JobId lastRan_ = kNoJob;          // whose context the CPU holds
    JobId machineJob_ = kNoJob;
    bool admittedNow_ = false;
    bool idleRecorded_ = false;
    std::size_t finished_ = 0;

    // Output under construction.
    Result result_;
    Segment openSegment_{};
    bool segmentOpen_ = false;
    std::size_t eventCount_ = 0;
};

} // namespace proclab::sched
