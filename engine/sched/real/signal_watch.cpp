#include "engine/sched/real/signal_watch.h"

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace proclab::sched::real {

namespace {

sigset_t watchedSignals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGCHLD, SIGINT, SIGTERM, SIGHUP})
        sigaddset(&set, signal);
    return set;
}

} // namespace

SignalWatch::SignalWatch() {
    const sigset_t watched = watchedSignals();
    if (sigprocmask(SIG_BLOCK, &watched, &original_) != 0)
        throw std::runtime_error("sigprocmask failed");
    fd_ = signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd_ < 0) {
        sigprocmask(SIG_SETMASK, &original_, nullptr);
        throw std::runtime_error("signalfd failed");
    }
}

SignalWatch::~SignalWatch() {
    // Drain what arrived so that unblocking does not deliver a stale SIGCHLD or SIGINT.
    signalfd_siginfo info;
    while (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    }
    ::close(fd_);
    sigprocmask(SIG_SETMASK, &original_, nullptr);
}

SignalWatch::Wake SignalWatch::wait(std::int64_t timeoutNs) {
    pollfd entry{fd_, POLLIN, 0};
    const std::int64_t ns = timeoutNs > 0 ? timeoutNs : 0;
    const timespec timeout{static_cast<time_t>(ns / 1'000'000'000),
                           static_cast<long>(ns % 1'000'000'000)};
    // A timeout or EINTR both mean "look at the clock again".
    if (ppoll(&entry, 1, &timeout, nullptr) <= 0)
        return Wake::Deadline;
    Wake wake = Wake::Deadline;
    signalfd_siginfo info;
    while (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        const int signal = static_cast<int>(info.ssi_signo);
        if (signal == SIGCHLD) {
            if (wake == Wake::Deadline)
                wake = Wake::Child;
        } else {
            interruptSignal_ = signal;
            wake = Wake::Interrupt;
        }
    }
    return wake;
}

} // namespace proclab::sched::real
