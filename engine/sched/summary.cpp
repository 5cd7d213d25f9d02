#include "engine/sched/number_format.h"
#include "engine/sched/result.h"

namespace proclab::sched {

double Summary::averageResponse() const {
    return mean(responseSum, jobs);
}
double Summary::averageTurnaround() const {
    return mean(turnaroundSum, jobs);
}
double Summary::averageWaiting() const {
    return mean(waitingSum, jobs);
}

double Summary::throughput() const {
    const Time span = end - start;
    return span > 0 ? static_cast<double>(jobs) / static_cast<double>(span) : 0.0;
}

double Summary::utilization() const {
    const Time span = end - start;
    return span > 0 ? static_cast<double>(busy) / static_cast<double>(span) : 0.0;
}

} // namespace proclab::sched
