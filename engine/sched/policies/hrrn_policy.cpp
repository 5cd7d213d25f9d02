#include "engine/sched/policies/hrrn_policy.h"

#include <algorithm>

namespace proclab::sched {

namespace {

// a/b compared with c/d for positive denominators, without overflow.
int compareFractions(Quantity left, Quantity right) {
    __extension__ using Wide = __int128;
    const Wide a = static_cast<Wide>(left.numerator) * right.denominator;
    const Wide b = static_cast<Wide>(right.numerator) * left.denominator;
    return a < b ? -1 : (a > b ? 1 : 0);
}

} // namespace

void HrrnPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    groups_[jobs_.burstLeft(job)].push(KeyedJob{jobs_.readySince(job), jobs_.arrival(job), job});
}

void HrrnPolicy::requeue(JobId job, Time now) {
    admit(job, ReadyCause::Arrival, now);
}

Quantity HrrnPolicy::ratio(JobId job, Time now) const {
    const Time burst = jobs_.burstLeft(job);
    return Quantity{now - jobs_.readySince(job) + burst, burst};
}

bool HrrnPolicy::beats(JobId a, JobId b, Time now) const {
    const int order = compareFractions(ratio(a, now), ratio(b, now));
    if (order != 0)
        return order > 0;
    return arrivesBefore(jobs_, a, b);
}

std::map<Time, KeyedHeap>::iterator HrrnPolicy::bestGroup(Time now) {
    auto best = groups_.end();
    for (auto group = groups_.begin(); group != groups_.end(); ++group)
        if (best == groups_.end() || beats(group->second.top().job, best->second.top().job, now))
            best = group;
    return best;
}

Choice HrrnPolicy::choose(JobId running, Time now) {
    now_ = now;
    if (running != kNoJob)
        return Choice::of(running, Rule::HighestResponseRatio);
    if (groups_.empty())
        return Choice{};
    auto group = bestGroup(now);
    const JobId best = group->second.pop().job;
    if (group->second.empty())
        groups_.erase(group);
    const Quantity bestRatio = ratio(best, now);
    if (groups_.empty())
        return Choice::of(best, Rule::OnlyReady, bestRatio);
    const JobId second = bestGroup(now)->second.top().job;
    const Quantity secondRatio = ratio(second, now);
    const TieBreak tie = compareFractions(bestRatio, secondRatio) == 0
                             ? tieBetween(jobs_, best, second)
                             : TieBreak::None;
    return Choice::of(best, Rule::HighestResponseRatio, bestRatio)
        .against(second, secondRatio, tie);
}

void HrrnPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    std::vector<JobId> order;
    for (const auto& [burst, heap] : groups_)
        for (const KeyedJob& entry : heap.sorted())
            order.push_back(entry.job);
    std::sort(order.begin(), order.end(), [&](JobId a, JobId b) { return beats(a, b, now_); });
    for (JobId job : order)
        out.addJob(job);
}

} // namespace proclab::sched
