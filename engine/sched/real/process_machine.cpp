#include "engine/sched/real/process_machine.h"

#include "engine/sched/real/interrupted.h"
#include "engine/sched/real/spinner.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <new>
#include <system_error>

namespace proclab::sched::real {

namespace {

constexpr std::int64_t kGraceNs = 1'000'000;
constexpr std::int64_t kSelfStopWaitNs = 100'000'000;

std::int64_t monotonicNanoseconds() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Blocks until `pid` stops or exits; consumes a stop report, leaves an exit report (zombie).
bool waitStoppedElseExited(pid_t pid) {
    for (;;) {
        siginfo_t info{};
        if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WSTOPPED | WNOWAIT) != 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (info.si_code == CLD_STOPPED) {
            waitid(P_PID, static_cast<id_t>(pid), &info, WSTOPPED | WNOHANG);
            return true;
        }
        return false;
    }
}

} // namespace

ProcessMachine::ProcessMachine(const Workload& workload, Time defaultIoTime, Time minimumRunUs,
                               SignalWatch& signals)
    : signals_(signals), minimumRunNs_(minimumRunUs * 1000), children_(workload.jobs.size()) {
    sharedBytes_ =
        std::max<std::size_t>(1, workload.jobs.size()) * sizeof(std::atomic<std::uint32_t>);
    void* shared =
        mmap(nullptr, sharedBytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        throw std::system_error(errno, std::generic_category(), "mmap");
    burstsDone_ = static_cast<std::atomic<std::uint32_t>*>(shared);
    for (std::size_t i = 0; i < workload.jobs.size(); ++i) {
        new (&burstsDone_[i]) std::atomic<std::uint32_t>(0);
        const BurstPlan plan(workload.jobs[i], defaultIoTime);
        std::int64_t end = 0;
        for (std::size_t burst = 0; burst < plan.cpuBurstCount(); ++burst) {
            end += plan.cpuBurst(burst) * 1000; // µs -> ns
            children_[i].burstEndsNs.push_back(end);
        }
    }
}

ProcessMachine::~ProcessMachine() {
    killAll();
    munmap(burstsDone_, sharedBytes_);
}

void ProcessMachine::killAll() noexcept {
    for (Child& child : children_) {
        if (child.pid <= 0 || child.state == State::Reaped)
            continue;
        kill(child.pid, SIGKILL);
        siginfo_t info{};
        while (waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED) != 0 && errno == EINTR) {
        }
        child.state = State::Reaped;
    }
}

std::int64_t ProcessMachine::wallNanoseconds() const {
    return monotonicNanoseconds() - originNs_;
}

void ProcessMachine::begin(Time now) {
    startTime_ = now;
}

void ProcessMachine::sample(Child& child) {
    if (const auto total = child.stat.cpuNanoseconds()) {
        child.cpuNs += *total - child.lastSampleNs;
        child.lastSampleNs = *total;
    }
}

void ProcessMachine::startRun(JobId job) {
    Child& child = children_[job];
    child.inRun = true;
    child.runStart = clockStarted_ ? wallNanoseconds() / 1000 : startTime_;
    child.cpuAtRunStart = child.cpuNs;
}

void ProcessMachine::endRun(JobId job) {
    Child& child = children_[job];
    if (!child.inRun)
        return;
    child.inRun = false;
    const Time end = clockStarted_ ? wallNanoseconds() / 1000 : startTime_;
    runs_.push_back(RunStretch{job, child.runStart, std::max(end, child.runStart),
                               child.cpuNs - child.cpuAtRunStart});
}

void ProcessMachine::refresh(Child& child) {
    if (child.state != State::Running)
        return;
    siginfo_t info{};
    const id_t id = static_cast<id_t>(child.pid);
    if (waitid(P_PID, id, &info, WEXITED | WSTOPPED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
        return;
    if (info.si_code == CLD_STOPPED) {
        waitid(P_PID, id, &info, WSTOPPED | WNOHANG);
        child.state = State::Stopped;
    } else {
        child.state = State::Exited;
    }
}

void ProcessMachine::waitForStopOrExit(Child& child) {
    child.state = waitStoppedElseExited(child.pid) ? State::Stopped : State::Exited;
}

Progress ProcessMachine::advance(Time now, Time until, JobId job, Time burstLeft) {
    // The clock starts once the first instant (forks of the first arrivals included) is done.
    if (!clockStarted_) {
        originNs_ = monotonicNanoseconds() - startTime_ * 1000;
        clockStarted_ = true;
    }
    std::int64_t deadline = until * 1000;
    if (job != kNoJob) {
        // When the engine's count of the burst has run out before the child's own clock, give
        // the child time: its stop or exit will wake us.
        const std::int64_t atLeast = burstLeft <= 1 ? kGraceNs : minimumRunNs_;
        deadline = std::max(deadline, wallNanoseconds() + atLeast);
    }
    Child* child = job == kNoJob ? nullptr : &children_[job];
    bool burstEnded = false;
    for (;;) {
        if (child) {
            refresh(*child);
            const std::uint32_t done = burstsDone_[job].load(std::memory_order_acquire);
            if (done > child->burstsSeen || child->state == State::Exited) {
                burstEnded = true;
                break;
            }
            if (child->state == State::Stopped) {
                // Stopped without a new burst: its own stop for a burst we already counted,
                // delayed because our SIGSTOP came first. It has nothing to wait for: resume it.
                child->state = State::Running;
                kill(child->pid, SIGCONT);
            }
        }
        const std::int64_t left = deadline - wallNanoseconds();
        if (left <= 0)
            break;
        if (signals_.wait(left) == SignalWatch::Wake::Interrupt)
            throw Interrupted(signals_.interruptSignal());
    }
    const Time reached = std::max(now, wallNanoseconds() / 1000);
    Progress progress{reached, 0, burstEnded};
    if (child) {
        if (burstEnded)
            ++child->burstsSeen;
        sample(*child);
        // Hand the engine whole microseconds, keeping the remainder for later.
        const std::int64_t totalUs = child->cpuNs / 1000;
        progress.cpu = totalUs - child->reportedUs;
        child->reportedUs = totalUs;
    }
    return progress;
}

void ProcessMachine::arrived(JobId job) {
    Child& child = children_[job];
    child.pid = forkSpinner(child.burstEndsNs, &burstsDone_[job], signals_.originalMask());
    child.state = State::Running;
    waitForStopOrExit(child); // the child stops itself before doing any work
    // Its CPU counts from the fork, as the child itself counts it; the little it used getting
    // to its first stop is charged to its first slice.
    child.stat = SchedstatReader(child.pid);
    child.lastSampleNs = 0;
}

void ProcessMachine::switchTo(JobId from, JobId to) {
    if (from != kNoJob) {
        Child& child = children_[from];
        if (child.state == State::Running) {
            kill(child.pid, SIGSTOP);
            waitForStopOrExit(child);
        }
        sample(child);
        endRun(from);
    }
    if (to != kNoJob) {
        Child& child = children_[to];
        if (child.state == State::Stopped) {
            sample(child);
            startRun(to);
            child.state = State::Running;
            kill(child.pid, SIGCONT);
        }
    }
}

void ProcessMachine::blocked(JobId job) {
    Child& child = children_[job];
    // The child counted its burst and is stopping itself; give it a moment to get there. (Were
    // we to stop it first, its own stop would still come after the next continue.)
    const std::int64_t giveUp = wallNanoseconds() + kSelfStopWaitNs;
    while (child.state == State::Running && wallNanoseconds() < giveUp) {
        if (signals_.wait(kGraceNs) == SignalWatch::Wake::Interrupt)
            throw Interrupted(signals_.interruptSignal());
        refresh(child);
    }
    if (child.state == State::Running) { // it never got there: stop it ourselves
        kill(child.pid, SIGSTOP);
        waitForStopOrExit(child);
    }
    sample(child);
    endRun(job);
}

void ProcessMachine::finished(JobId job) {
    Child& child = children_[job];
    if (child.state == State::Running || child.state == State::Stopped) {
        // The last burst is counted just before _exit; wait for the exit itself.
        if (child.state == State::Stopped)
            kill(child.pid, SIGCONT);
        siginfo_t info{};
        while (waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOWAIT) != 0 &&
               errno == EINTR) {
        }
        child.state = State::Exited;
    }
    sample(child); // a zombie's schedstat still holds its total
    endRun(job);
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED) != 0 && errno == EINTR) {
    }
    child.state = State::Reaped;
    child.stat.close();
}

} // namespace proclab::sched::real
