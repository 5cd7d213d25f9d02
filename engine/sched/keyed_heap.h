#pragma once
// A min-heap of ready jobs by (key, arrival, list position): the smallest key wins and ties go to
// the earlier arrival, then to the job listed first. Used by SJF, SRTF, priority, stride, CFS.

#include "engine/sched/large_arrays.h"
#include "engine/sched/types.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace proclab::sched {

struct KeyedJob {
    std::int64_t key;
    Time arrival;
    JobId job;

    friend bool operator<(const KeyedJob& a, const KeyedJob& b) {
        if (a.key != b.key)
            return a.key < b.key;
        if (a.arrival != b.arrival)
            return a.arrival < b.arrival;
        return a.job < b.job;
    }
};

class KeyedHeap {
public:
    KeyedHeap() = default;
    // Room for `capacity` entries up front (a policy knows its heap never holds more than all
    // the jobs).
    explicit KeyedHeap(std::size_t capacity) { reserveLarge(entries_, capacity); }

    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    const KeyedJob& top() const { return entries_.front(); }

    void push(KeyedJob entry) {
        entries_.push_back(entry);
        std::push_heap(entries_.begin(), entries_.end(), greater);
    }

    KeyedJob pop() {
        std::pop_heap(entries_.begin(), entries_.end(), greater);
        const KeyedJob entry = entries_.back();
        entries_.pop_back();
        return entry;
    }

    // All entries in order (for queue snapshots; O(n log n)).
    std::vector<KeyedJob> sorted() const {
        std::vector<KeyedJob> copy = entries_;
        std::sort(copy.begin(), copy.end());
        return copy;
    }

private:
    static bool greater(const KeyedJob& a, const KeyedJob& b) { return b < a; }
    std::vector<KeyedJob> entries_;
};

} // namespace proclab::sched
