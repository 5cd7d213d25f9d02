#pragma once
// The ready queue(s) after every event of a run, stored compactly: one flat array of job ids with
// offsets per snapshot and per level. Recorded only on request (RecordOptions::queues), since a
// snapshot costs as much as the queue is long.

#include "engine/sched/types.h"

#include <cstdint>
#include <span>
#include <vector>

namespace proclab::sched {

class QueueHistory {
public:
    struct Level {
        int label; // MLFQ level number (higher = more important), priority value, or 0
        std::span<const JobId> jobs;
    };

    std::size_t size() const { return snapshots_.size(); }
    bool empty() const { return snapshots_.empty(); }
    Time time(std::size_t snapshot) const { return snapshots_[snapshot].time; }
    // Index into Result::events of the event right before this snapshot.
    std::size_t eventIndex(std::size_t snapshot) const { return snapshots_[snapshot].eventIndex; }
    JobId running(std::size_t snapshot) const { return snapshots_[snapshot].running; }
    std::size_t levelCount(std::size_t snapshot) const;
    Level level(std::size_t snapshot, std::size_t level) const;
    // The last snapshot taken at or before `time`; size() if there is none.
    std::size_t lastAtOrBefore(Time time) const;

    // Recording, used by the engine.
    void begin(Time time, std::size_t eventIndex, JobId running);
    void addLevel(int label);
    void addJob(JobId job) { jobs_.push_back(job); }

private:
    struct Snapshot {
        Time time;
        std::size_t eventIndex;
        JobId running;
        std::size_t firstLevel;
    };
    std::vector<Snapshot> snapshots_;
    std::vector<int> levelLabels_;
    std::vector<std::size_t> levelStarts_; // into jobs_, one per level
    std::vector<JobId> jobs_;
};

} // namespace proclab::sched
