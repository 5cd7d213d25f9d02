#pragma once
// Priority scheduling, non-preemptive or preemptive, with optional aging: a waiting job becomes
// one step more important for every `aging` ticks it has waited since it last became ready, and
// keeps that priority while it runs. Preemption needs a strictly more important job.

#include "engine/sched/keyed_heap.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

class PriorityPolicy final : public Policy {
public:
    PriorityPolicy(const JobTable& jobs, PriorityOrder order, bool preemptive, Time aging);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void requeue(JobId job, Time now) override;
    Choice choose(JobId running, Time now) override;
    Time nextTimer(Time now, Time horizon, bool idle) const override;
    bool hasReady() const override { return aging_ > 0 ? !waiting_.empty() : !ready_.empty(); }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    // Keys: smaller is more important, whatever the priority order.
    std::int64_t baseKey(JobId job) const;
    std::int64_t agedKey(JobId job, Time now) const;
    std::int64_t shownPriority(std::int64_t key) const;
    void insert(JobId job);
    // The best and second-best waiting jobs at `now`, without removing them.
    std::pair<KeyedJob, KeyedJob> bestTwo(Time now) const;
    void remove(JobId job);

    const JobTable& jobs_;
    PriorityOrder order_;
    bool preemptive_;
    Time aging_;
    KeyedHeap ready_;            // without aging
    std::vector<JobId> waiting_; // with aging (keys change with time)
    std::vector<std::size_t> slot_;
    std::vector<std::int64_t> runningKey_;
    JobId running_ = kNoJob;
    Time now_ = 0;
};

} // namespace proclab::sched
