#include "engine/sched/policies/fifo_policy.h"

namespace proclab::sched {

FifoPolicy::FifoPolicy(const JobTable& jobs, Time quantum)
    : quantum_(quantum), queue_(jobs.size(), 1, 0) {}

void FifoPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    // A job back from I/O starts a fresh quantum.
    queue_.extra(job) = 0;
    queue_.pushBack(0, job);
}

void FifoPolicy::expire(JobId job, Time /*now*/) {
    queue_.extra(job) = 0;
}

void FifoPolicy::requeue(JobId job, Time /*now*/) {
    queue_.pushBack(0, job);
}

void FifoPolicy::leave(JobId job, LeaveCause /*cause*/, Time /*now*/) {
    queue_.extra(job) = 0;
}

void FifoPolicy::charge(JobId job, Time held) {
    queue_.extra(job) += held;
}

Choice FifoPolicy::choose(JobId running, Time /*now*/) {
    // Neither FCFS nor RR preempts before the quantum ends.
    if (running != kNoJob)
        return Choice::of(running, Rule::QueueOrder);
    if (queue_.empty(0))
        return Choice{};
    const JobId job = queue_.popFront(0);
    return Choice::of(job, queue_.empty(0) ? Rule::OnlyReady : Rule::QueueOrder);
}

Time FifoPolicy::sliceLeft(JobId job) const {
    return quantum_ == kNever ? kNever : quantum_ - queue_.extra(job);
}

Time FifoPolicy::sliceLength(JobId /*job*/) const {
    return quantum_;
}

void FifoPolicy::snapshot(QueueHistory& out, JobId /*running*/) const {
    out.addLevel(0);
    queue_.forEach(0, [&](JobId job) { out.addJob(job); });
}

} // namespace proclab::sched
