#include "engine/sched/job_table.h"

namespace proclab::sched {

JobTable::JobTable(const Workload& workload, Time defaultIoTime, bool trackReadySince)
    : workload_(&workload), defaultIoTime_(defaultIoTime) {
    const std::size_t count = workload.jobs.size();
    burstLeft_.resize(count);
    bool io = false;
    for (std::size_t i = 0; i < count; ++i) {
        const BurstPlan plan(workload.jobs[i], defaultIoTime);
        burstLeft_[i] = plan.cpuBurst(0);
        io = io || plan.cpuBurstCount() > 1;
    }
    if (io)
        burstIndex_.assign(count, 0);
    if (trackReadySince) {
        readySince_.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            readySince_[i] = workload.jobs[i].arrival;
    }
}

} // namespace proclab::sched
