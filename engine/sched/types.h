#pragma once
// Basic vocabulary of the scheduling simulator: time is counted in whole ticks, jobs by index.

#include <cstdint>
#include <limits>

namespace proclab::sched {

// Simulated time in ticks. Real mode runs the same engine with microseconds as the tick.
using Time = std::int64_t;

// A job's index in its workload (list order). Indices also break ties last.
using JobId = std::uint32_t;

inline constexpr JobId kNoJob = std::numeric_limits<JobId>::max();
inline constexpr Time kNever = std::numeric_limits<Time>::max();

} // namespace proclab::sched
