#include "engine/sched/workload.h"

#include <algorithm>

namespace proclab::sched {

BurstPlan::BurstPlan(const Job& job, Time defaultIoTime)
    : job_(&job), ioTime_(job.ioTime.value_or(defaultIoTime)) {
    if (!job.bursts.empty())
        count_ = (job.bursts.size() + 1) / 2;
    else if (job.ioEvery > 0 && job.length > 0)
        count_ = static_cast<std::size_t>((job.length + job.ioEvery - 1) / job.ioEvery);
    else
        count_ = 1;
}

Time BurstPlan::cpuBurst(std::size_t index) const {
    if (!job_->bursts.empty())
        return job_->bursts[2 * index];
    if (job_->ioEvery <= 0)
        return job_->length;
    const Time done = static_cast<Time>(index) * job_->ioEvery;
    return std::min(job_->ioEvery, job_->length - done);
}

Time BurstPlan::ioAfter(std::size_t index) const {
    if (!job_->bursts.empty())
        return job_->bursts[2 * index + 1];
    return ioTime_;
}

} // namespace proclab::sched
