#pragma once
// SJF (non-preemptive) and SRTF (preemptive): the ready job with the least CPU left in its
// current burst runs. SRTF preempts only for a strictly shorter remaining time.

#include "engine/sched/keyed_heap.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

class ShortestPolicy final : public Policy {
public:
    ShortestPolicy(const JobTable& jobs, bool preemptive);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void requeue(JobId job, Time now) override;
    Choice choose(JobId running, Time now) override;
    bool hasReady() const override { return !ready_.empty(); }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    KeyedJob entry(JobId job) const;

    const JobTable& jobs_;
    bool preemptive_;
    Rule rule_;
    KeyedHeap ready_;
};

} // namespace proclab::sched
