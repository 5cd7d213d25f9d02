#pragma once

#include <stdexcept>
#include <string>

namespace proclab::sched::real {

// Real mode was asked to stop (SIGINT, SIGTERM, SIGHUP); every child has been killed and reaped
// by the time this reaches the caller.
class Interrupted : public std::runtime_error {
public:
    explicit Interrupted(int signal)
        : std::runtime_error("interrupted by signal " + std::to_string(signal)), signal_(signal) {}
    int signal() const { return signal_; }

private:
    int signal_;
};

} // namespace proclab::sched::real
