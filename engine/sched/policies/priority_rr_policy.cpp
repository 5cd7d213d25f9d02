#include "engine/sched/policies/priority_rr_policy.h"

#include <algorithm>
#include <functional>

namespace proclab::sched {

namespace {

std::vector<int> distinctPriorities(const JobTable& jobs, PriorityOrder order) {
    std::vector<int> priorities;
    priorities.reserve(jobs.size());
    for (JobId job = 0; job < jobs.size(); ++job)
        priorities.push_back(jobs.priority(job));
    std::sort(priorities.begin(), priorities.end());
    priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
    if (order == PriorityOrder::HigherFirst)
        std::reverse(priorities.begin(), priorities.end());
    return priorities;
}

} // namespace

PriorityRoundRobinPolicy::PriorityRoundRobinPolicy(const JobTable& jobs, PriorityOrder order,
                                                   Time quantum)
    : jobs_(jobs), quantum_(quantum), levelPriority_(distinctPriorities(jobs, order)),
      levelOf_(jobs.size()), queues_(jobs.size(), levelPriority_.size(), 0) {
    const bool descending = order == PriorityOrder::HigherFirst;
    for (JobId job = 0; job < jobs.size(); ++job) {
        const int priority = jobs.priority(job);
        const auto found =
            descending ? std::lower_bound(levelPriority_.begin(), levelPriority_.end(), priority,
                                          std::greater<>())
                       : std::lower_bound(levelPriority_.begin(), levelPriority_.end(), priority);
        levelOf_[job] = static_cast<std::size_t>(found - levelPriority_.begin());
    }
}

void PriorityRoundRobinPolicy::admit(JobId job, ReadyCause /*cause*/, Time /*now*/) {
    queues_.extra(job) = 0;
    queues_.pushBack(levelOf_[job], job);
    ++queued_;
}

void PriorityRoundRobinPolicy::expire(JobId job, Time /*now*/) {
    queues_.popFront(levelOf_[job]);
    --queued_;
    queues_.extra(job) = 0;
}

void PriorityRoundRobinPolicy::requeue(JobId job, Time /*now*/) {
    queues_.pushBack(levelOf_[job], job);
    ++queued_;
}

void PriorityRoundRobinPolicy::leave(JobId job, LeaveCause /*cause*/, Time /*now*/) {
    queues_.popFront(levelOf_[job]);
    --queued_;
    queues_.extra(job) = 0;
}

bool PriorityRoundRobinPolicy::hasReady() const {
    return queued_ > 0;
}

std::size_t PriorityRoundRobinPolicy::bestNonEmptyLevel() const {
    for (std::size_t level = 0; level < queues_.queueCount(); ++level)
        if (!queues_.empty(level))
            return level;
    return queues_.queueCount();
}

Choice PriorityRoundRobinPolicy::choose(JobId running, Time /*now*/) {
    const std::size_t level = bestNonEmptyLevel();
    if (level == queues_.queueCount())
        return Choice{};
    const JobId head = queues_.front(level);
    const Quantity priority{levelPriority_[level], 1};
    if (head == running)
        return Choice::of(running, Rule::BestPriority, priority);
    if (running != kNoJob) // it stays at the head of its own level
        return Choice::of(head, Rule::BestPriority, priority)
            .against(running, {levelPriority_[levelOf_[running]], 1});
    return Choice::of(head, queued_ == 1 ? Rule::OnlyReady : Rule::BestPriority, priority);
}

void PriorityRoundRobinPolicy::snapshot(QueueHistory& out, JobId running) const {
    for (std::size_t level = 0; level < queues_.queueCount(); ++level) {
        out.addLevel(levelPriority_[level]);
        queues_.forEach(level, [&](JobId job) {
            if (job != running)
                out.addJob(job);
        });
    }
}

} // namespace proclab::sched
