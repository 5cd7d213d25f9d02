#pragma once
// Stride scheduling (OSTEP ch. 9): stride = 10000 / tickets; the ready job with the lowest pass
// runs for one quantum and its pass grows by stride per tick it ran. A job that arrives or
// returns from I/O starts no lower than the pass of the last dispatched job, so it cannot
// monopolise the CPU.

#include "engine/sched/keyed_heap.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

inline constexpr std::int64_t kStrideNumerator = 10000;

class StridePolicy final : public Policy {
public:
    StridePolicy(const JobTable& jobs, Time quantum);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void expire(JobId job, Time /*now*/) override { used_[job] = 0; }
    void requeue(JobId job, Time now) override;
    void leave(JobId job, LeaveCause /*cause*/, Time /*now*/) override { used_[job] = 0; }
    void charge(JobId job, Time held) override;
    Choice choose(JobId running, Time now) override;
    Time sliceLeft(JobId job) const override { return quantum_ - used_[job]; }
    Time sliceLength(JobId /*job*/) const override { return quantum_; }
    bool hasReady() const override { return !ready_.empty(); }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    const JobTable& jobs_;
    Time quantum_;
    KeyedHeap ready_;
    std::vector<std::int64_t> pass_;
    std::vector<Time> used_;
    std::int64_t passFloor_ = 0;
};

} // namespace proclab::sched
