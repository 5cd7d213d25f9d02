#include "engine/sched/job_table.h"

#include "engine/sched/large_arrays.h"

namespace proclab::sched {

JobTable::JobTable(const Workload& workload, Time defaultIoTime, bool trackReadySince)
    : workload_(&workload), defaultIoTime_(defaultIoTime) {
    const std::size_t count = workload.jobs.size();
    hot_ = largeArray<Hot>(count);
    bool io = false;
    for (std::size_t i = 0; i < count; ++i) {
        const BurstPlan plan(workload.jobs[i], defaultIoTime);
        hot_[i] = Hot{plan.cpuBurst(0), -1};
        io = io || plan.cpuBurstCount() > 1;
    }
    if (io)
        burstIndex_ = largeArray<std::uint32_t>(count, 0);
    if (trackReadySince) {
        readySince_ = largeArray<Time>(count);
        for (std::size_t i = 0; i < count; ++i)
            readySince_[i] = workload.jobs[i].arrival;
    }
}

} // namespace proclab::sched
