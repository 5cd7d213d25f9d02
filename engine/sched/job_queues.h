#pragma once
// Several FIFO queues of job ids threaded through one shared array of nodes (a job is in at most
// one queue). Push at either end, pop at the front and moving a whole queue behind another are
// O(1), which keeps RR and MLFQ (including its boost) linear in the number of events. Each node
// also carries the policy's own per-job state (`Extra`): with a million jobs nearly every access
// misses the cache, and one miss for link and state together halves the cost.

#include "engine/sched/large_arrays.h"
#include "engine/sched/types.h"

#include <cassert>
#include <vector>

namespace proclab::sched {

struct NoExtra {};

template <typename Extra = NoExtra> class JobQueues {
public:
    JobQueues(std::size_t jobCount, std::size_t queueCount, const Extra& initial = {})
        : nodes_(largeArray(jobCount, Node{kNoJob, initial})), queues_(queueCount) {}

    std::size_t queueCount() const { return queues_.size(); }
    bool empty(std::size_t queue) const { return queues_[queue].head == kNoJob; }
    std::size_t size(std::size_t queue) const { return queues_[queue].size; }
    JobId front(std::size_t queue) const { return queues_[queue].head; }
    Extra& extra(JobId job) { return nodes_[job].extra; }
    const Extra& extra(JobId job) const { return nodes_[job].extra; }

    void pushBack(std::size_t queue, JobId job) {
        Queue& q = queues_[queue];
        nodes_[job].next = kNoJob;
        if (q.tail == kNoJob)
            q.head = job;
        else
            nodes_[q.tail].next = job;
        q.tail = job;
        ++q.size;
    }

    void pushFront(std::size_t queue, JobId job) {
        Queue& q = queues_[queue];
        nodes_[job].next = q.head;
        q.head = job;
        if (q.tail == kNoJob)
            q.tail = job;
        ++q.size;
    }

    JobId popFront(std::size_t queue) {
        Queue& q = queues_[queue];
        assert(q.head != kNoJob);
        const JobId job = q.head;
        q.head = nodes_[job].next;
        if (q.head == kNoJob)
            q.tail = kNoJob;
        nodes_[job].next = kNoJob;
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
            nodes_[target.tail].next = source.head;
        target.tail = source.tail;
        target.size += source.size;
        source = Queue{};
    }

    template <typename Visit> void forEach(std::size_t queue, Visit visit) const {
        for (JobId job = queues_[queue].head; job != kNoJob; job = nodes_[job].next)
            visit(job);
    }

private:
    struct Node {
        JobId next;
        [[no_unique_address]] Extra extra;
    };
    struct Queue {
        JobId head = kNoJob;
        JobId tail = kNoJob;
        std::size_t size = 0;
    };
    std::vector<Node> nodes_;
    std::vector<Queue> queues_;
};

} // namespace proclab::sched
