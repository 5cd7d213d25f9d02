#include "engine/sched/policies/stride_policy.h"

#include <algorithm>

namespace proclab::sched {

StridePolicy::StridePolicy(const JobTable& jobs, Time quantum)
    : jobs_(jobs), quantum_(quantum), ready_(jobs.size()), pass_(jobs.size(), 0),
      used_(jobs.size(), 0) {}

void StridePolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    used_[job] = 0;
    pass_[job] = std::max(pass_[job], passFloor_);
    requeue(job, 0);
}

void StridePolicy::requeue(JobId job, Time /*now*/) {
    ready_.push(KeyedJob{pass_[job], jobs_.arrival(job), job});
}

void StridePolicy::charge(JobId job, Time held) {
    used_[job] += held;
    pass_[job] += kStrideNumerator / jobs_.job(job).tickets * held;
}

Choice StridePolicy::choose(JobId running, Time /*now*/) {
    if (running != kNoJob)
        return Choice::of(running, Rule::LowestPass);
    if (ready_.empty())
        return Choice{};
    const KeyedJob chosen = ready_.pop();
    passFloor_ = chosen.key;
    if (ready_.empty())
        return Choice::of(chosen.job, Rule::OnlyReady, {chosen.key, 1});
    const KeyedJob next = ready_.top();
    const TieBreak tie =
        next.key == chosen.key ? tieBetween(jobs_, chosen.job, next.job) : TieBreak::None;
    return Choice::of(chosen.job, Rule::LowestPass, {chosen.key, 1})
        .against(next.job, {next.key, 1}, tie);
}

void StridePolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    for (const KeyedJob& entry : ready_.sorted())
        out.addJob(entry.job);
}

} // namespace proclab::sched
