#include "engine/sched/policies/cfs_policy.h"

#include <algorithm>
#include <array>

namespace proclab::sched {

std::int64_t niceToWeight(int nice) {
    // Linux kernel/sched/core.c sched_prio_to_weight, nice -20 .. 19.
    static constexpr std::array<std::int64_t, 40> kWeights{
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
        9548,  7620,  6100,  4904,  3906,  3121,  2501,  1991,  1586,  1277,
        1024,  820,   655,   526,   423,   335,   272,   215,   172,   137,
        110,   87,    70,    56,    45,    36,    29,    23,    18,    15};
    const int index = std::clamp(nice, -20, 19) + 20;
    return kWeights[static_cast<std::size_t>(index)];
}

CfsPolicy::CfsPolicy(const JobTable& jobs, Time latency, Time minGranularity)
    : jobs_(jobs), latency_(latency), minGranularity_(minGranularity), ready_(jobs.size()),
      vruntime_(jobs.size(), 0), slice_(jobs.size(), 0), used_(jobs.size(), 0) {}

void CfsPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    used_[job] = 0;
    vruntime_[job] = std::max(vruntime_[job], minVruntime_);
    requeue(job, 0);
}

void CfsPolicy::requeue(JobId job, Time /*now*/) {
    ready_.push(KeyedJob{vruntime_[job], jobs_.arrival(job), job});
    readyWeight_ += weight(job);
}

void CfsPolicy::charge(JobId job, Time held) {
    used_[job] += held;
    vruntime_[job] += held * 1024 * kVruntimeScale / weight(job);
}

Choice CfsPolicy::choose(JobId running, Time /*now*/) {
    if (running != kNoJob) // no wakeup preemption: decisions at slice ends
        return Choice::of(running, Rule::LowestVruntime);
    if (ready_.empty())
        return Choice{};
    const std::int64_t total = readyWeight_;
    const KeyedJob chosen = ready_.pop();
    readyWeight_ -= weight(chosen.job);
    minVruntime_ = std::max(minVruntime_, chosen.key);
    slice_[chosen.job] = std::max(minGranularity_, latency_ * weight(chosen.job) / total);
    used_[chosen.job] = 0;
    const Quantity value{chosen.key, kVruntimeScale};
    if (ready_.empty())
        return Choice::of(chosen.job, Rule::OnlyReady, value);
    const KeyedJob next = ready_.top();
    const TieBreak tie =
        next.key == chosen.key ? tieBetween(jobs_, chosen.job, next.job) : TieBreak::None;
    return Choice::of(chosen.job, Rule::LowestVruntime, value)
        .against(next.job, {next.key, kVruntimeScale}, tie);
}

void CfsPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    for (const KeyedJob& entry : ready_.sorted())
        out.addJob(entry.job);
}

} // namespace proclab::sched
