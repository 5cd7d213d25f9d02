#pragma once
// While alive, SIGCHLD, SIGINT, SIGTERM and SIGHUP are blocked and read through a signalfd, so
// the supervisor can sleep until a deadline, a child's state change, or a request to stop, and
// then clean up its children itself instead of dying with them still around.

#include <signal.h>

#include <cstdint>

namespace proclab::sched::real {

class SignalWatch {
public:
    enum class Wake { Deadline, Child, Interrupt };

    SignalWatch();
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;
    ~SignalWatch();

    // Sleeps at most `timeoutNs`; Interrupt sets interruptSignal().
    Wake wait(std::int64_t timeoutNs);
    int interruptSignal() const { return interruptSignal_; }
    // The mask to restore in forked children.
    const sigset_t& originalMask() const { return original_; }

private:
    sigset_t original_{};
    int fd_ = -1;
    int interruptSignal_ = 0;
};

} // namespace proclab::sched::real
