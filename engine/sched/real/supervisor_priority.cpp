#include "engine/sched/real/supervisor_priority.h"

#include <cerrno>
#include <cstring>

namespace proclab::sched::real {

SupervisorPriority::SupervisorPriority() {
    oldPolicy_ = sched_getscheduler(0);
    sched_getparam(0, &oldParam_);
    sched_param param{};
    param.sched_priority = 1;
    if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &param) == 0) {
        raised_ = true;
        note_ = "supervisor runs SCHED_FIFO";
    } else {
        note_ = std::string("supervisor runs at normal priority (SCHED_FIFO: ") +
                std::strerror(errno) + "); expect more jitter";
    }
}

SupervisorPriority::~SupervisorPriority() {
    if (raised_)
        sched_setscheduler(0, oldPolicy_ < 0 ? SCHED_OTHER : oldPolicy_, &oldParam_);
}

} // namespace proclab::sched::real
