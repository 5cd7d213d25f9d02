// Real mode against the simulation: four CPU-bound jobs under round robin with a 20 ms quantum
// (2 ticks of 10 ms), run several times. For each job: its share of the workload's CPU while it
// was in the system, simulated and measured (medians), and the deviation (goal: under 10 %).
// See docs/performance.md.
//
//   proclab_real_accuracy [--runs R] [--unit-ms N]

#include "engine/sched/io/jobs_parse.h"
#include "engine/sched/real/real_run.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using namespace proclab::sched;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int runs = 5;
    int unitMs = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--unit-ms") == 0)
            unitMs = std::atoi(argv[i + 1]);
    }
    const Workload workload = *parseJobList("A:0:30,B:0:40,C:0:50,D:0:60").workload;
    Settings settings;
    settings.policy = PolicyKind::RoundRobin;
    settings.quantum = 20 / unitMs > 0 ? 20 / unitMs : 1;
    real::RealOptions options;
    options.unitMs = unitMs;

    const std::size_t count = workload.jobs.size();
    std::vector<std::vector<double>> measuredShare(count), deviation(count), cpuMs(count),
        turnaround(count);
    std::vector<double> simulatedShare(count), simulatedTurnaround(count);
    std::string where;
    for (int run = 0; run < runs; ++run) {
        const real::RealReport report = real::runReal(workload, settings, options);
        where = report.cpu ? "pinned to CPU " + std::to_string(*report.cpu)
                           : "unpinned: " + report.pinningProblem;
        where += ", " + report.priorityNote;
        const std::vector<real::JobComparison> rows = real::compareToSimulation(report);
        for (std::size_t job = 0; job < count; ++job) {
            simulatedShare[job] = rows[job].simulatedShare;
            simulatedTurnaround[job] = rows[job].simulatedTurnaround;
            measuredShare[job].push_back(rows[job].measuredShare);
            deviation[job].push_back(rows[job].shareDeviation());
            cpuMs[job].push_back(rows[job].measuredCpuMs);
            turnaround[job].push_back(rows[job].measuredTurnaround);
        }
    }
    std::printf("real mode, rr quantum %d x %d ms, jobs A:30 B:40 C:50 D:60 ticks, %d runs, %s\n\n",
                static_cast<int>(settings.quantum), unitMs, runs, where.c_str());
    std::printf("%-4s %10s %10s %10s %14s %12s %14s %14s\n", "job", "sim share", "real share",
                "deviation", "worst dev.", "cpu ms", "sim turnaround", "real turnaround");
    double worst = 0;
    for (std::size_t job = 0; job < count; ++job) {
        const double jobWorst = *std::max_element(deviation[job].begin(), deviation[job].end());
        worst = std::max(worst, jobWorst);
        std::printf("%-4s %10.4f %10.4f %9.2f%% %13.2f%% %12.1f %14.0f %14.2f\n",
                    workload.jobs[job].name.c_str(), simulatedShare[job],
                    median(measuredShare[job]), 100 * median(deviation[job]), 100 * jobWorst,
                    median(cpuMs[job]), simulatedTurnaround[job], median(turnaround[job]));
    }
    std::printf("\nlargest deviation over all runs: %.2f%% (goal: under 10%%) -> %s\n", 100 * worst,
                worst < 0.10 ? "PASS" : "FAIL");
    return worst < 0.10 ? 0 : 1;
}
