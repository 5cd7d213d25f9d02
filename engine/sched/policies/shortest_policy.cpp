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
            return Choice{running, rule_, TieBreak::None, kNoJob, {}, {}};
        const KeyedJob best = ready_.top();
        const Time left = jobs_.burstLeft(running);
        if (best.key >= left)
            return Choice{running, rule_, TieBreak::None, best.job, {left, 1}, {best.key, 1}};
        ready_.pop();
        ready_.push(entry(running));
        return Choice{best.job, rule_, TieBreak::None, running, {best.key, 1}, {left, 1}};
    }
    if (ready_.empty())
        return Choice{};
    const KeyedJob chosen = ready_.pop();
    if (ready_.empty())
        return Choice{chosen.job, Rule::OnlyReady, TieBreak::None, kNoJob, {chosen.key, 1}, {}};
    const KeyedJob next = ready_.top();
    const TieBreak tie =
        next.key == chosen.key ? tieBetween(jobs_, chosen.job, next.job) : TieBreak::None;
    return Choice{chosen.job, rule_, tie, next.job, {chosen.key, 1}, {next.key, 1}};
}

void ShortestPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    for (const KeyedJob& entry : ready_.sorted())
        out.addJob(entry.job);
}

} // namespace proclab::sched
