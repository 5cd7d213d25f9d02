#pragma once
// The engine's per-job state during a run, kept as parallel arrays (the engine touches a few
// fields of many jobs) and only those a run needs: memory is most of the cost of a million-job
// run. Policies read it; only the engine writes it.

#include "engine/sched/types.h"
#include "engine/sched/workload.h"

#include <cstdint>
#include <vector>

namespace proclab::sched {

class JobTable {
public:
    // `trackReadySince`: keep readySince() (HRRN and aging need it).
    JobTable(const Workload& workload, Time defaultIoTime, bool trackReadySince);

    std::size_t size() const { return hot_.size(); }
    const Job& job(JobId id) const { return workload_->jobs[id]; }
    Time arrival(JobId id) const { return workload_->jobs[id].arrival; }
    int priority(JobId id) const { return workload_->jobs[id].priority; }
    // CPU still needed before the job's next I/O or its end.
    Time burstLeft(JobId id) const { return hot_[id].burstLeft; }
    // When the job last joined the ready set (arrival, end of I/O, or losing the CPU); only
    // when tracked.
    Time readySince(JobId id) const { return readySince_[id]; }
    bool anyIo() const { return !burstIndex_.empty(); }

    // Engine side.
    BurstPlan plan(JobId id) const { return BurstPlan(workload_->jobs[id], defaultIoTime_); }
    void setBurstLeft(JobId id, Time left) { hot_[id].burstLeft = left; }
    // When the job first ran; -1 before.
    Time firstRun(JobId id) const { return hot_[id].firstRun; }
    void setFirstRun(JobId id, Time now) { hot_[id].firstRun = now; }
    void setReadySince(JobId id, Time now) {
        if (!readySince_.empty())
            readySince_[id] = now;
    }
    // Index of the current CPU burst; only when some job has I/O (see anyIo()).
    std::uint32_t& burstIndex(JobId id) { return burstIndex_[id]; }

private:
    const Workload* workload_;
    Time defaultIoTime_;
    // What the engine touches at every dispatch, together (one cache miss, not two).
    struct Hot {
        Time burstLeft;
        Time firstRun;
    };
    std::vector<Hot> hot_;
    std::vector<Time> readySince_;
    std::vector<std::uint32_t> burstIndex_;
};

} // namespace proclab::sched
