#include "engine/sched/queue_history.h"

#include <algorithm>

namespace proclab::sched {

std::size_t QueueHistory::levelCount(std::size_t snapshot) const {
    const std::size_t first = snapshots_[snapshot].firstLevel;
    const std::size_t next = snapshot + 1 < snapshots_.size() ? snapshots_[snapshot + 1].firstLevel
                                                              : levelLabels_.size();
    return next - first;
}

QueueHistory::Level QueueHistory::level(std::size_t snapshot, std::size_t level) const {
    const std::size_t index = snapshots_[snapshot].firstLevel + level;
    // Levels are stored back to back, so a level ends where the next one starts.
    const std::size_t start = levelStarts_[index];
    const std::size_t stop =
        index + 1 < levelStarts_.size() ? levelStarts_[index + 1] : jobs_.size();
    return Level{levelLabels_[index], std::span<const JobId>(jobs_).subspan(start, stop - start)};
}

std::size_t QueueHistory::lastAtOrBefore(Time time) const {
    auto after = std::upper_bound(snapshots_.begin(), snapshots_.end(), time,
                                  [](Time t, const Snapshot& s) { return t < s.time; });
    if (after == snapshots_.begin())
        return snapshots_.size();
    return static_cast<std::size_t>(after - snapshots_.begin()) - 1;
}

void QueueHistory::begin(Time time, std::size_t eventIndex, JobId running) {
    snapshots_.push_back(Snapshot{time, eventIndex, running, levelLabels_.size()});
}

void QueueHistory::addLevel(int label) {
    levelLabels_.push_back(label);
    levelStarts_.push_back(jobs_.size());
}

} // namespace proclab::sched
