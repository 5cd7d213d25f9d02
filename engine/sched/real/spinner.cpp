#include "engine/sched/real/spinner.h"

#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace proclab::sched::real {

namespace {

static_assert(std::atomic<std::uint32_t>::is_always_lock_free,
              "the burst counter is written by the child between fork and _exit");

std::int64_t processCpuNanoseconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// A few microseconds of work the compiler cannot remove, between two looks at the clock.
void spinBriefly() {
    volatile std::uint32_t sink = 0;
    for (std::uint32_t i = 0; i < 2000; ++i) {
        const std::uint32_t value = sink;
        sink = value + i;
    }
}

[[noreturn]] void runSpinner(const std::int64_t* burstEnds, std::size_t count,
                             std::atomic<std::uint32_t>* burstsDone, pid_t parent,
                             const sigset_t* childMask) {
    // Die with the supervisor, even if it is killed with SIGKILL.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(1);
    // Out of the terminal's process group: Ctrl-C goes to the supervisor, which cleans up.
    setpgid(0, 0);
    sigprocmask(SIG_SETMASK, childMask, nullptr);
    raise(SIGSTOP);
    // Counted from the fork, like the supervisor's schedstat readings (same kernel clock), so
    // that both agree on the instant a burst ends.
    for (std::size_t burst = 0; burst < count; ++burst) {
        while (processCpuNanoseconds() < burstEnds[burst])
            spinBriefly();
        burstsDone->store(static_cast<std::uint32_t>(burst + 1), std::memory_order_release);
        if (burst + 1 == count)
            _exit(0);
        raise(SIGSTOP); // the burst's I/O: the supervisor continues us when it is over
    }
    _exit(0);
}

} // namespace

pid_t forkSpinner(std::span<const std::int64_t> burstEndsNs, std::atomic<std::uint32_t>* burstsDone,
                  const sigset_t& childMask) {
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0)
        throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0)
        runSpinner(burstEndsNs.data(), burstEndsNs.size(), burstsDone, parent, &childMask);
    return pid;
}

} // namespace proclab::sched::real
