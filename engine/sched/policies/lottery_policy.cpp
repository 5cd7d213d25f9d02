#include "engine/sched/policies/lottery_policy.h"

namespace proclab::sched {

LotteryPolicy::LotteryPolicy(const JobTable& jobs, Time quantum, std::uint64_t seed)
    : jobs_(jobs), quantum_(quantum), random_(seed), tree_(jobs.size() + 1, 0),
      ready_(jobs.size(), 0), used_(jobs.size(), 0) {}

void LotteryPolicy::add(JobId job, std::int64_t tickets) {
    for (std::size_t i = job + 1; i < tree_.size(); i += i & (~i + 1))
        tree_[i] += tickets;
    totalTickets_ += tickets;
}

JobId LotteryPolicy::holderOf(std::int64_t ticket) const {
    std::size_t position = 0;
    std::size_t step = 1;
    while (step * 2 < tree_.size())
        step *= 2;
    for (; step > 0; step /= 2) {
        const std::size_t next = position + step;
        if (next < tree_.size() && tree_[next] <= ticket) {
            position = next;
            ticket -= tree_[next];
        }
    }
    return static_cast<JobId>(position); // 1-based position + 1, minus one
}

void LotteryPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    used_[job] = 0;
    requeue(job, 0);
}

void LotteryPolicy::requeue(JobId job, Time /*now*/) {
    ready_[job] = 1;
    ++readyCount_;
    add(job, jobs_.job(job).tickets);
}

Choice LotteryPolicy::choose(JobId running, Time /*now*/) {
    if (running != kNoJob) // draws happen at the end of a quantum only
        return Choice::of(running, Rule::LotteryDraw);
    if (readyCount_ == 0)
        return Choice{};
    const std::int64_t total = totalTickets_;
    const auto ticket = static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(total)));
    const JobId winner = holderOf(ticket);
    ready_[winner] = 0;
    --readyCount_;
    add(winner, -jobs_.job(winner).tickets);
    return Choice::of(winner, Rule::LotteryDraw, {ticket, total});
}

void LotteryPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    for (JobId job = 0; job < ready_.size(); ++job)
        if (ready_[job])
            out.addJob(job);
}

} // namespace proclab::sched
