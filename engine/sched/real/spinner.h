#pragma once
// The CPU-bound child of real mode. It stops itself right after fork; each time it is continued
// it spins until its own CPU time reaches the end of its current burst, counts the burst in
// shared memory, then stops itself (its I/O, simulated by the supervisor) or exits after the last
// burst. Between fork and _exit it calls only async-signal-safe functions.

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <span>

namespace proclab::sched::real {

// `burstEndsNs`: cumulative CPU time at the end of each burst, counted from the fork.
// Returns the child's pid; throws std::system_error if fork fails.
pid_t forkSpinner(std::span<const std::int64_t> burstEndsNs, std::atomic<std::uint32_t>* burstsDone,
                  const sigset_t& childMask);

} // namespace proclab::sched::real
