#include "engine/sched/real/real_run.h"

#include "engine/sched/engine.h"
#include "engine/sched/real/cpu_pinning.h"
#include "engine/sched/real/process_machine.h"
#include "engine/sched/real/signal_watch.h"
#include "engine/sched/real/supervisor_priority.h"
#include "engine/sched/simulate.h"

#include <algorithm>
#include <cmath>

namespace proclab::sched::real {

namespace {

constexpr std::size_t kMaxRealJobs = 100;
constexpr double kMaxRealSeconds = 600;

// Total time the run needs at least: all CPU and I/O, or until the last arrival.
double minimumSeconds(const Workload& workload, const Settings& settings, int unitMs) {
    Time work = 0;
    Time lastArrival = 0;
    for (const Job& job : workload.jobs) {
        const BurstPlan plan(job, settings.ioTime);
        for (std::size_t i = 0; i < plan.cpuBurstCount(); ++i)
            work += plan.cpuBurst(i) + (i + 1 < plan.cpuBurstCount() ? plan.ioAfter(i) : 0);
        lastArrival = std::max(lastArrival, job.arrival);
    }
    return static_cast<double>(std::max(work, lastArrival)) * unitMs / 1000.0;
}

} // namespace

std::vector<Problem> validateReal(const Workload& workload, const Settings& settings,
                                  const RealOptions& options) {
    std::vector<Problem> problems = validate(workload, settings);
    if (!problems.empty())
        return problems;
    if (options.unitMs < 1 || options.unitMs > 1000)
        problems.push_back(Problem{std::nullopt, "unit-ms",
                                   "settings: unit-ms must be from 1 to 1000, got " +
                                       std::to_string(options.unitMs)});
    else if (minimumSeconds(workload, settings, options.unitMs) > kMaxRealSeconds)
        problems.push_back(Problem{std::nullopt, "jobs",
                                   "real mode: the workload would run for more than 10 minutes "
                                   "at this unit; use fewer or shorter jobs or a smaller unit"});
    if (workload.jobs.size() > kMaxRealJobs)
        problems.push_back(Problem{std::nullopt, "jobs",
                                   "real mode: at most 100 jobs (one process each), got " +
                                       std::to_string(workload.jobs.size())});
    return problems;
}

Workload scaleWorkload(const Workload& workload, Time factor) {
    Workload scaled = workload;
    for (Job& job : scaled.jobs) {
        job.arrival *= factor;
        job.length *= factor;
        job.ioEvery *= factor;
        if (job.ioTime)
            *job.ioTime *= factor;
        for (Time& burst : job.bursts)
            burst *= factor;
    }
    return scaled;
}

Settings scaleSettings(const Settings& settings, Time factor) {
    Settings scaled = settings;
    scaled.quantum = effectiveQuantum(settings) * factor;
    scaled.switchCost *= factor;
    scaled.agingInterval *= factor;
    scaled.ioTime *= factor;
    for (Time& quantum : scaled.mlfq.quanta)
        quantum *= factor;
    scaled.mlfq.boostPeriod *= factor;
    scaled.cfsLatency *= factor;
    scaled.cfsMinGranularity *= factor;
    return scaled;
}

RealReport runReal(const Workload& workload, const Settings& settings, const RealOptions& options) {
    std::vector<Problem> problems = validateReal(workload, settings, options);
    if (!problems.empty())
        throw InvalidInput(std::move(problems));

    RealReport report;
    report.unitMs = options.unitMs;
    report.simulated = simulate(workload, settings);

    const Time microsecondsPerTick = static_cast<Time>(options.unitMs) * 1000;
    const Workload scaledWorkload = scaleWorkload(workload, microsecondsPerTick);
    const Settings scaledSettings = scaleSettings(settings, microsecondsPerTick);

    // Order matters for cleanup: the machine (children) goes before the signal watch and the
    // pinning are undone.
    CpuPinning pinning(options.cpu);
    report.cpu = pinning.cpu();
    report.pinningProblem = pinning.problem();
    SupervisorPriority priority;
    report.priorityNote = priority.note();
    SignalWatch signals;
    const Time minimumRunUs = std::max<Time>(20, microsecondsPerTick / 50);
    ProcessMachine machine(scaledWorkload, scaledSettings.ioTime, minimumRunUs, signals);
    Engine engine(scaledWorkload, scaledSettings, RecordOptions{true, true, false}, machine);
    report.measured = engine.run();
    report.cpuNs.resize(workload.jobs.size());
    for (JobId job = 0; job < workload.jobs.size(); ++job)
        report.cpuNs[job] = machine.cpuNanoseconds(job);
    report.runs = machine.runs();
    return report;
}

namespace {

struct CpuStretch {
    JobId job;
    double start;
    double end;
    double cpu;
};

// `job`'s CPU over the CPU all jobs received during [from, to], counting a stretch that is only
// partly inside the window in proportion.
double shareWhilePresent(const std::vector<CpuStretch>& stretches, JobId job, double from,
                         double to) {
    double own = 0;
    double all = 0;
    for (const CpuStretch& stretch : stretches) {
        const double overlap = std::min(stretch.end, to) - std::max(stretch.start, from);
        if (overlap <= 0 || stretch.end <= stretch.start)
            continue;
        const double cpu = stretch.cpu * overlap / (stretch.end - stretch.start);
        all += cpu;
        if (stretch.job == job)
            own += cpu;
    }
    return all > 0 ? own / all : 0;
}

} // namespace

double JobComparison::shareDeviation() const {
    return simulatedShare > 0 ? std::fabs(measuredShare - simulatedShare) / simulatedShare : 0.0;
}

std::vector<JobComparison> compareToSimulation(const RealReport& report) {
    const double unitUs = report.unitMs * 1000.0;
    std::vector<CpuStretch> simulatedStretches;
    for (const Segment& segment : report.simulated.schedule)
        if (segment.kind == SegmentKind::Run)
            simulatedStretches.push_back(CpuStretch{
                segment.job, static_cast<double>(segment.start), static_cast<double>(segment.end),
                static_cast<double>(segment.end - segment.start)});
    std::vector<CpuStretch> measuredStretches;
    for (const RunStretch& run : report.runs)
        measuredStretches.push_back(CpuStretch{run.job, static_cast<double>(run.start),
                                               static_cast<double>(run.end),
                                               static_cast<double>(run.cpuNs)});
    std::vector<JobComparison> rows(report.simulated.jobs.size());
    for (JobId job = 0; job < rows.size(); ++job) {
        const JobMetrics& sim = report.simulated.jobs[job];
        const JobMetrics& real = report.measured.jobs[job];
        JobComparison& row = rows[job];
        const auto ticks = [&](Time us) { return static_cast<double>(us) / unitUs; };
        row.simulatedFinish = static_cast<double>(sim.finish);
        row.measuredFinish = ticks(real.finish);
        row.simulatedResponse = static_cast<double>(sim.response());
        row.measuredResponse = ticks(real.response());
        row.simulatedTurnaround = static_cast<double>(sim.turnaround());
        row.measuredTurnaround = ticks(real.turnaround());
        row.simulatedWaiting = static_cast<double>(sim.waiting());
        row.measuredWaiting = ticks(real.waiting());
        row.expectedCpuMs = static_cast<double>(sim.length) * report.unitMs;
        row.measuredCpuMs = static_cast<double>(report.cpuNs[job]) / 1e6;
        row.simulatedShare =
            shareWhilePresent(simulatedStretches, job, static_cast<double>(sim.arrival),
                              static_cast<double>(sim.finish));
        row.measuredShare =
            shareWhilePresent(measuredStretches, job, static_cast<double>(real.arrival),
                              static_cast<double>(real.finish));
    }
    return rows;
}

} // namespace proclab::sched::real
