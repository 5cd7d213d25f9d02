#pragma once
// Priority with round robin among equals (Silberschatz 5.3.4): one FIFO queue per priority
// value; the most important non-empty queue runs, each turn limited to the quantum. A more
// important job preempts at once; the preempted job stays at the head of its queue and keeps
// the rest of its quantum (as in MLFQ).

#include "engine/sched/job_queues.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

class PriorityRoundRobinPolicy final : public Policy {
public:
    PriorityRoundRobinPolicy(const JobTable& jobs, PriorityOrder order, Time quantum);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void expire(JobId job, Time now) override;
    void requeue(JobId job, Time now) override;
    void leave(JobId job, LeaveCause cause, Time now) override;
    void charge(JobId job, Time held) override { queues_.extra(job) += held; }
    Choice choose(JobId running, Time now) override;
    Time sliceLeft(JobId job) const override { return quantum_ - queues_.extra(job); }
    Time sliceLength(JobId /*job*/) const override { return quantum_; }
    bool hasReady() const override;
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    std::size_t bestNonEmptyLevel() const;

    const JobTable& jobs_;
    Time quantum_;
    std::vector<int> levelPriority_; // level 0 is the most important
    std::vector<std::size_t> levelOf_;
    JobQueues<Time> queues_; // per job: quantum used; the running job stays at its level's head
    std::size_t queued_ = 0;
};

} // namespace proclab::sched
