#pragma once
// Highest response ratio next (non-preemptive): ratio = (waiting + burst) / burst, where waiting
// counts from the moment the job last became ready. Among jobs with the same burst the one
// that has waited longest has the best ratio, so the ready jobs are grouped by burst length and
// a decision compares only the head of each group: O(distinct burst lengths), not O(ready jobs).
// Ratios are compared exactly, by cross-multiplication.

#include "engine/sched/keyed_heap.h"
#include "engine/sched/policy.h"

#include <map>

namespace proclab::sched {

class HrrnPolicy final : public Policy {
public:
    explicit HrrnPolicy(const JobTable& jobs) : jobs_(jobs) {}

    void admit(JobId job, ReadyCause cause, Time now) override;
    void requeue(JobId job, Time now) override;
    Choice choose(JobId running, Time now) override;
    bool hasReady() const override { return !groups_.empty(); }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    Quantity ratio(JobId job, Time now) const;
    // Whether a beats b: higher ratio, then earlier arrival, then list order.
    bool beats(JobId a, JobId b, Time now) const;
    // The group whose head has the best ratio.
    std::map<Time, KeyedHeap>::iterator bestGroup(Time now);

    const JobTable& jobs_;
    // Burst length -> its ready jobs by (ready since, arrival, list order).
    std::map<Time, KeyedHeap> groups_;
    Time now_ = 0;
};

} // namespace proclab::sched
