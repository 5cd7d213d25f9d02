#pragma once
// Several FIFO queues of job ids threaded through one shared `next` array (a job is in at most
// one queue). Push at either end, pop at the front and moving a whole queue behind another are
// O(1), which keeps RR and MLFQ (including its boost) linear in the number of events.

#include "engine/sched/types.h"

#include <cassert>
#include <vector>

namespace proclab::sched {

class JobQueues {
public:
    JobQueues(std::size_t jobCount, std::size_t queueCount)
        : next_(jobCount, kNoJob), queues_(queueCount) {}

    std::size_t queueCount() const { return queues_.size(); }
    bool empty(std::size_t queue) const { return queues_[queue].head == kNoJob; }
    std::size_t size(std::size_t queue) const { return queues_[queue].size; }
    JobId front(std::size_t queue) const { return queues_[queue].head; }
    // The job after `job` in its queue, or kNoJob.
    JobId next(JobId job) const { return next_[job]; }

    void pushBack(std::size_t queue, JobId job) {
        Queue& q = queues_[queue];
        next_[job] = kNoJob;
        if (q.tail == kNoJob)
            q.head = job;
        else
            next_[q.tail] = job;
        q.tail = job;
        ++q.size;
    }

    void pushFront(std::size_t queue, JobId job) {
        Queue& q = queues_[queue];
        next_[job] = q.head;
        q.head = job;
        if (q.tail == kNoJob)
            q.tail = job;
        ++q.size;
    }

    JobId popFront(std::size_t queue) {
        Queue& q = queues_[queue];
        assert(q.head != kNoJob);
        const JobId job = q.head;
        q.head = next_[job];
        if (q.head == kNoJob)
            q.tail = kNoJob;
        next_[job] = kNoJob;
        --q.size;
        return job;
    }

    // Appends all of `from` behind `to`, keeping their order; `from` ends up empty.
    void moveAllToBack(std::size_t from, std::size_t to) {
        Queue& source = queues_[from];
        Queue& target = queues_[to];
        if (source.head == kNoJob)
            return;
        if (target.tail == kNoJob)
            target.head = source.head;
        else
            next_[target.tail] = source.head;
        target.tail = source.tail;
        target.size += source.size;
        source = Queue{};
    }

    template <typename Visit> void forEach(std::size_t queue, Visit visit) const {
        for (JobId job = queues_[queue].head; job != kNoJob; job = next_[job])
            visit(job);
    }

private:
    struct Queue {
        JobId head = kNoJob;
        JobId tail = kNoJob;
        std::size_t size = 0;
    };
    std::vector<JobId> next_;
    std::vector<Queue> queues_;
};

} // namespace proclab::sched
