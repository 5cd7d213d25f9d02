#pragma once
// Lottery scheduling: at each decision every ready job holds its tickets, numbered in list
// order; a seeded draw picks the winning ticket, whose holder runs for one quantum. Newcomers
// wait for the end of the quantum. A Fenwick tree over the jobs finds the winner in O(log n).

#include "engine/sched/policy.h"
#include "engine/sched/random.h"

namespace proclab::sched {

class LotteryPolicy final : public Policy {
public:
    LotteryPolicy(const JobTable& jobs, Time quantum, std::uint64_t seed);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void expire(JobId job, Time /*now*/) override { used_[job] = 0; }
    void requeue(JobId job, Time now) override;
    void leave(JobId job, LeaveCause /*cause*/, Time /*now*/) override { used_[job] = 0; }
    void charge(JobId job, Time held) override { used_[job] += held; }
    Choice choose(JobId running, Time now) override;
    Time sliceLeft(JobId job) const override { return quantum_ - used_[job]; }
    Time sliceLength(JobId /*job*/) const override { return quantum_; }
    bool hasReady() const override { return readyCount_ > 0; }
    void snapshot(QueueHistory& out, JobId running) const override;

private:
    void add(JobId job, std::int64_t tickets);
    // The job holding ticket `ticket` (0-based, counting in list order).
    JobId holderOf(std::int64_t ticket) const;

    const JobTable& jobs_;
    Time quantum_;
    SplitMix64 random_;
    std::vector<std::int64_t> tree_; // Fenwick tree, 1-based
    std::vector<unsigned char> ready_;
    std::size_t readyCount_ = 0;
    std::int64_t totalTickets_ = 0;
    std::vector<Time> used_;
};

} // namespace proclab::sched
