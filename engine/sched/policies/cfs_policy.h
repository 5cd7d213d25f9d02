#pragma once
// A CFS-like fair scheduler: each job's virtual runtime grows by the time it ran scaled by
// 1024 / weight (weights from nice values, Linux's table); the job with the lowest vruntime runs
// for a slice of max(min granularity, latency * weight / total ready weight). A job that arrives
// or wakes starts at no less than the smallest vruntime seen at a dispatch. Decisions happen at
// slice ends (no wakeup preemption).

#include "engine/sched/keyed_heap.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

std::int64_t niceToWeight(int nice);

class CfsPolicy final : public Policy {
public:
    // vruntime is kept in 1/1024 ticks of a nice-0 job.
    static constexpr std::int64_t kVruntimeScale = 1024;

    CfsPolicy(const JobTable& jobs, Time latency, Time minGranularity);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void expire(JobId job, Time /*now*/) override { used_[job] = 0; }
    void requeue(JobId job, Time now) override;
    void leave(JobId job, LeaveCause /*cause*/, Time /*now*/) override { used_[job] = 0; }
    void charge(JobId job, Time held) override;
    Choice choose(JobId running, Time now) override;
    Time sliceLeft(JobId job) const override { return slice_[job] - used_[job]; }
    Time sliceLength(JobId job) const override { return slice_[job]; }
    bool hasReady() const override { return !ready_.empty(); }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    std::int64_t weight(JobId job) const { return niceToWeight(jobs_.job(job).nice); }

    const JobTable& jobs_;
    Time latency_;
    Time minGranularity_;
    KeyedHeap ready_;
    std::int64_t readyWeight_ = 0;
    std::vector<std::int64_t> vruntime_;
    std::vector<Time> slice_;
    std::vector<Time> used_;
    std::int64_t minVruntime_ = 0;
};

} // namespace proclab::sched
