#pragma once
// FCFS and round robin: one FIFO ready queue; RR also limits each turn to a quantum.

#include "engine/sched/job_queues.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

class FifoPolicy final : public Policy {
public:
    // quantum == kNever: FCFS.
    FifoPolicy(const JobTable& jobs, Time quantum);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void expire(JobId job, Time now) override;
    void requeue(JobId job, Time now) override;
    void leave(JobId job, LeaveCause cause, Time now) override;
    void charge(JobId job, Time held) override;
    Choice choose(JobId running, Time now) override;
    Time sliceLeft(JobId job) const override;
    Time sliceLength(JobId job) const override;
    bool hasReady() const override { return !queue_.empty(0); }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    Time quantum_;
    JobQueues<Time> queue_; // per job: the part of the current quantum used
};

} // namespace proclab::sched
