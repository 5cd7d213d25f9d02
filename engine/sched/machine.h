#pragma once
// What the engine drives: the simulated CPU, where time passes exactly as planned, or real
// processes (real/), where the supervisor sleeps, measures and stops/continues children.

#include "engine/sched/types.h"

namespace proclab::sched {

struct Progress {
    Time reached = 0; // the time actually reached (not before `until` unless the burst ended)
    Time cpu = 0;     // CPU time the job on the CPU received meanwhile
    bool burstEnded = false; // the job's current CPU burst is done
};

class Machine {
public:
    virtual ~Machine() = default;

    // The run starts at engine time `now`.
    virtual void begin(Time /*now*/) {}
    // Lets time pass from `now` to `until` with `job` on the CPU (kNoJob: nobody), returning
    // early if the job's burst of `burstLeft` ends first.
    virtual Progress advance(Time now, Time until, JobId job, Time burstLeft) = 0;
    virtual void arrived(JobId /*job*/) {}
    // The job on the CPU changes (either side may be kNoJob).
    virtual void switchTo(JobId /*from*/, JobId /*to*/) {}
    // The job on the CPU ended its burst: it is blocked in I/O / it has finished.
    virtual void blocked(JobId /*job*/) {}
    virtual void finished(JobId /*job*/) {}
};

// Time passes exactly as asked; a burst ends when its CPU is used.
class SimulatedMachine final : public Machine {
public:
    Progress advance(Time now, Time until, JobId job, Time burstLeft) override {
        const Time cpu = job == kNoJob ? 0 : until - now;
        return Progress{until, cpu, job != kNoJob && cpu == burstLeft};
    }
};

} // namespace proclab::sched
