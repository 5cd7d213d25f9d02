#pragma once
// Allowed ranges of inputs. They keep every sum the simulator forms inside 64 bits.

#include "engine/sched/types.h"

#include <cstddef>

namespace proclab::sched::limits {

inline constexpr Time kMaxArrival = 1'000'000'000'000; // 10^12 ticks
inline constexpr Time kMaxDuration = 1'000'000'000;    // lengths, bursts, I/O, quanta, costs
inline constexpr int kMaxPriority = 1'000'000;         // |priority|
inline constexpr int kMaxTickets = 1'000'000;
inline constexpr int kMinNice = -20;
inline constexpr int kMaxNice = 19;
inline constexpr std::size_t kMaxJobs = 10'000'000;
inline constexpr std::size_t kMaxLevels = 64;
inline constexpr int kMaxAllotment = 1'000'000;
inline constexpr std::size_t kMaxNameLength = 64;

} // namespace proclab::sched::limits
