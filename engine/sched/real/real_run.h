#pragma once
// Real mode: the workload as CPU-bound child processes on one CPU, the policy enforced by
// SIGSTOP/SIGCONT from a supervisor on that CPU, one tick of the workload = `unitMs`
// milliseconds. The same engine as the simulator makes the decisions, fed with measured time
// and with the CPU each child really received (/proc/<pid>/schedstat). The report holds the
// simulated run beside the measured one.

#include "engine/sched/real/process_machine.h"
#include "engine/sched/result.h"
#include "engine/sched/validation.h"
#include "engine/sched/workload.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace proclab::sched::real {

struct RealOptions {
    int unitMs = 10;        // real duration of one tick
    std::optional<int> cpu; // CPU to pin to; unset: the highest-numbered usable CPU
};

struct RealReport {
    int unitMs = 10;
    std::optional<int> cpu; // unset: running unpinned (see pinningProblem)
    std::string pinningProblem;
    std::string priorityNote;
    Result simulated;                // in ticks
    Result measured;                 // in microseconds
    std::vector<std::int64_t> cpuNs; // per job, measured by schedstat
    std::vector<RunStretch> runs;    // every stretch a child was continued, with its CPU
};

// Limits of real mode (it runs processes in real time): at most 100 jobs, 10 minutes in all,
// units from 1 to 1000 ms, in addition to validate().
std::vector<Problem> validateReal(const Workload& workload, const Settings& settings,
                                  const RealOptions& options);

// Throws InvalidInput (see simulate.h) for bad input, Interrupted on SIGINT/SIGTERM/SIGHUP
// (after killing and reaping every child), std::system_error if fork fails.
RealReport runReal(const Workload& workload, const Settings& settings, const RealOptions& options);

// Ticks expressed in microseconds, for running the engine in real time.
Workload scaleWorkload(const Workload& workload, Time factor);
Settings scaleSettings(const Settings& settings, Time factor);

// One job's simulated and measured figures side by side, in ticks (measured ones fractional).
struct JobComparison {
    double simulatedFinish = 0, measuredFinish = 0;
    double simulatedResponse = 0, measuredResponse = 0;
    double simulatedTurnaround = 0, measuredTurnaround = 0;
    double simulatedWaiting = 0, measuredWaiting = 0;
    double expectedCpuMs = 0, measuredCpuMs = 0;
    // The job's part of all the CPU the workload received while the job was in the system
    // (arrival to completion). Load from outside the workload slows every job alike and cancels.
    double simulatedShare = 0, measuredShare = 0;
    double shareDeviation() const; // |measured - simulated| / simulated
};
std::vector<JobComparison> compareToSimulation(const RealReport& report);

} // namespace proclab::sched::real
