#include "engine/sched/policies/shortest_policy.h"

namespace proclab::sched {

ShortestPolicy::ShortestPolicy(const JobTable& jobs, bool preemptive)
    : jobs_(jobs), preemptive_(preemptive),
      rule_(preemptive ? Rule::ShortestRemaining : Rule::ShortestBurst), ready_(jobs.size()) {}

KeyedJob ShortestPolicy::entry(JobId job) const {
    return KeyedJob{jobs_.burstLeft(job), jobs_.arrival(job), job};
}

void ShortestPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    ready_.push(entry(job));
}

void ShortestPolicy::requeue(JobId job, Time /*now*/) {
    ready_.push(entry(job));
}

Choice ShortestPolicy::choose(JobId running, Time /*now*/) {
    if (running != kNoJob) {
        if (!preemptive_ || ready_.empty())
            return Choice::of(running, rule_);
        const KeyedJob best = ready_.top();
        const Quantity left{jobs_.burstLeft(running), 1};
        if (best.key >= left.numerator) // a tie does not preempt
            return Choice::of(running, rule_, left).against(best.job, {best.key, 1});
        ready_.pop();
        ready_.push(entry(running));
        return Choice::of(best.job, rule_, {best.key, 1}).against(running, left);
    }
    if (ready_.empty())
        return Choice{};
    const KeyedJob chosen = ready_.pop();
    if (ready_.empty())
        return Choice::of(chosen.job, Rule::OnlyReady, {chosen.key, 1});
    const KeyedJob next = ready_.top();
    const TieBreak tie =
        next.key == chosen.key ? tieBetween(jobs_, chosen.job, next.job) : TieBreak::None;
    return Choice::of(chosen.job, rule_, {chosen.key, 1}).against(next.job, {next.key, 1}, tie);
}

void ShortestPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    for (const KeyedJob& entry : ready_.sorted())
        out.addJob(entry.job);
}

} // namespace proclab::sched
