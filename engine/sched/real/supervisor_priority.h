#pragma once
// Makes the supervisor a real-time (SCHED_FIFO) task while it runs, so that its timer wake-ups
// preempt the CPU-bound child at once instead of waiting for the fair scheduler's next tick.
// SCHED_RESET_ON_FORK keeps the children ordinary. Without the rights, it says so and the run
// goes on at normal priority. The old policy is restored on destruction.

#include <sched.h>

#include <string>

namespace proclab::sched::real {

class SupervisorPriority {
public:
    SupervisorPriority();
    SupervisorPriority(const SupervisorPriority&) = delete;
    SupervisorPriority& operator=(const SupervisorPriority&) = delete;
    ~SupervisorPriority();

    bool realtime() const { return raised_; }
    const std::string& note() const { return note_; }

private:
    int oldPolicy_ = SCHED_OTHER;
    sched_param oldParam_{};
    bool raised_ = false;
    std::string note_;
};

} // namespace proclab::sched::real
