#include "engine/sched/policies/priority_policy.h"

namespace proclab::sched {

namespace {
constexpr KeyedJob kNone{0, 0, kNoJob};
}

PriorityPolicy::PriorityPolicy(const JobTable& jobs, PriorityOrder order, bool preemptive,
                               Time aging)
    : jobs_(jobs), order_(order), preemptive_(preemptive), aging_(aging),
      ready_(aging > 0 ? 0 : jobs.size()), slot_(aging > 0 ? jobs.size() : 0, 0),
      runningKey_(jobs.size(), 0) {}

std::int64_t PriorityPolicy::baseKey(JobId job) const {
    const std::int64_t priority = jobs_.priority(job);
    return order_ == PriorityOrder::LowerFirst ? priority : -priority;
}

std::int64_t PriorityPolicy::agedKey(JobId job, Time now) const {
    if (aging_ == 0)
        return baseKey(job);
    return baseKey(job) - (now - jobs_.readySince(job)) / aging_;
}

std::int64_t PriorityPolicy::shownPriority(std::int64_t key) const {
    return order_ == PriorityOrder::LowerFirst ? key : -key;
}

void PriorityPolicy::insert(JobId job) {
    if (aging_ == 0) {
        ready_.push(KeyedJob{baseKey(job), jobs_.arrival(job), job});
        return;
    }
    slot_[job] = waiting_.size();
    waiting_.push_back(job);
}

void PriorityPolicy::remove(JobId job) {
    const std::size_t slot = slot_[job];
    waiting_[slot] = waiting_.back();
    slot_[waiting_[slot]] = slot;
    waiting_.pop_back();
}

void PriorityPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    insert(job);
}

void PriorityPolicy::requeue(JobId job, Time /*now*/) {
    insert(job);
}

std::pair<KeyedJob, KeyedJob> PriorityPolicy::bestTwo(Time now) const {
    KeyedJob best = kNone;
    KeyedJob second = kNone;
    for (JobId job : waiting_) {
        const KeyedJob candidate{agedKey(job, now), jobs_.arrival(job), job};
        if (best.job == kNoJob || candidate < best) {
            second = best;
            best = candidate;
        } else if (second.job == kNoJob || candidate < second) {
            second = candidate;
        }
    }
    return {best, second};
}

Choice PriorityPolicy::choose(JobId running, Time now) {
    now_ = now;
    running_ = running;
    if (!hasReady())
        return running == kNoJob ? Choice{} : Choice::of(running, Rule::BestPriority);
    const KeyedJob best = aging_ == 0 ? ready_.top() : bestTwo(now).first;
    const Quantity bestShown{shownPriority(best.key), 1};
    if (running != kNoJob) {
        const std::int64_t runningKey = runningKey_[running];
        const Quantity runningShown{shownPriority(runningKey), 1};
        if (!preemptive_)
            return Choice::of(running, Rule::BestPriority, runningShown);
        if (best.key >= runningKey) // a tie does not preempt
            return Choice::of(running, Rule::BestPriority, runningShown)
                .against(best.job, bestShown);
        if (aging_ == 0)
            ready_.pop();
        else
            remove(best.job);
        insert(running);
        runningKey_[best.job] = best.key;
        running_ = best.job;
        return Choice::of(best.job, Rule::BestPriority, bestShown).against(running, runningShown);
    }
    KeyedJob next = kNone;
    if (aging_ == 0) {
        ready_.pop();
        if (!ready_.empty())
            next = ready_.top();
    } else {
        next = bestTwo(now).second;
        remove(best.job);
    }
    runningKey_[best.job] = best.key;
    running_ = best.job;
    if (next.job == kNoJob)
        return Choice::of(best.job, Rule::OnlyReady, bestShown);
    const TieBreak tie =
        next.key == best.key ? tieBetween(jobs_, best.job, next.job) : TieBreak::None;
    return Choice::of(best.job, Rule::BestPriority, bestShown)
        .against(next.job, {shownPriority(next.key), 1}, tie);
}

Time PriorityPolicy::nextTimer(Time now, Time /*horizon*/, bool /*idle*/) const {
    // Only preemptive aging needs a timer: the instant a waiting job ages past the running one.
    if (aging_ == 0 || !preemptive_ || running_ == kNoJob || waiting_.empty())
        return kNever;
    const std::int64_t runningKey = runningKey_[running_];
    Time earliest = kNever;
    for (JobId job : waiting_) {
        const std::int64_t steps = baseKey(job) - runningKey + 1;
        const Time when = jobs_.readySince(job) + aging_ * std::max<std::int64_t>(steps, 0);
        earliest = std::min(earliest, std::max(when, now + 1));
    }
    return earliest;
}

void PriorityPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    if (aging_ == 0) {
        for (const KeyedJob& entry : ready_.sorted())
            out.addJob(entry.job);
        return;
    }
    std::vector<KeyedJob> entries;
    for (JobId job : waiting_)
        entries.push_back(KeyedJob{agedKey(job, now_), jobs_.arrival(job), job});
    std::sort(entries.begin(), entries.end());
    for (const KeyedJob& entry : entries)
        out.addJob(entry.job);
}

} // namespace proclab::sched
