// One million jobs through FCFS, SJF, SRTF, RR and MLFQ: time per policy (median of fresh
// processes, so every run pays for its own memory) and peak memory at two sizes to show that it
// grows linearly with the number of jobs. See docs/performance.md.
//
//   proclab_sched_bench [--jobs N] [--small N] [--repeat R]

#include "engine/sched/random.h"
#include "engine/sched/simulate.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace proclab::sched;

// An overloaded system: a job every 0..10 ticks (mean 5) needing 1..10 ticks (mean 5.5), so the
// ready queue keeps growing (to tens of thousands of jobs) as it does under real overload.
Workload makeWorkload(std::size_t count) {
    SplitMix64 random(2024);
    Workload workload;
    workload.jobs.resize(count);
    Time clock = 0;
    for (std::size_t i = 0; i < count; ++i) {
        Job& job = workload.jobs[i];
        job.name = "J" + std::to_string(i);
        clock += static_cast<Time>(random.below(11));
        job.arrival = clock;
        job.length = 1 + static_cast<Time>(random.below(10));
        job.priority = static_cast<int>(random.below(10));
    }
    return workload;
}

Settings settingsFor(PolicyKind policy) {
    Settings settings;
    settings.policy = policy;
    settings.quantum = 2;
    settings.mlfq.quanta = {2, 4, 8};
    settings.mlfq.allotments = {1, 1, 1};
    settings.mlfq.boostPeriod = 100;
    return settings;
}

// VmHWM (peak resident set) of this process in KiB, from /proc/self/status.
long peakRssKib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

long currentRssKib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

struct Sample {
    double seconds = 0;
    long baseKib = 0; // resident after building the workload
    long peakKib = 0; // peak resident after simulate()
};

// Runs one measurement in a fresh child process and reads its figures through a pipe.
Sample measure(std::size_t jobs, PolicyKind policy, const RecordOptions& record) {
    int channel[2];
    if (pipe(channel) != 0)
        std::abort();
    const pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        const Workload workload = makeWorkload(jobs);
        Sample sample;
        sample.baseKib = currentRssKib();
        const auto start = std::chrono::steady_clock::now();
        const Result result = simulate(workload, settingsFor(policy), record);
        sample.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        sample.peakKib = peakRssKib();
        if (result.summary.jobs != jobs)
            std::abort();
        if (write(channel[1], &sample, sizeof sample) != static_cast<ssize_t>(sizeof sample))
            _exit(1);
        _exit(0);
    }
    close(channel[1]);
    Sample sample;
    if (read(channel[0], &sample, sizeof sample) != static_cast<ssize_t>(sizeof sample))
        std::fprintf(stderr, "measurement failed\n");
    close(channel[0]);
    waitpid(child, nullptr, 0);
    return sample;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    std::size_t jobs = 1'000'000;
    std::size_t small = 250'000;
    int repeat = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--jobs") == 0)
            jobs = std::strtoul(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--small") == 0)
            small = std::strtoul(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--repeat") == 0)
            repeat = std::atoi(argv[i + 1]);
    }
    const PolicyKind policies[] = {PolicyKind::Fcfs, PolicyKind::Sjf, PolicyKind::Srtf,
                                   PolicyKind::RoundRobin, PolicyKind::Mlfq};
    const RecordOptions withSchedule{true, false, false};
    const RecordOptions metricsOnly{false, false, false};

    std::printf("%zu jobs (arrivals every 0-10 ticks, lengths 1-10, load 1.1); rr q=2; mlfq quanta "
                "2,4,8, allotment 1, boost 100\n",
                jobs);
    std::printf("time: median of %d fresh processes, validation included; memory: peak RSS (VmHWM) "
                "minus RSS with the workload built\n\n",
                repeat);
    const std::string bigColumn = "MiB @" + std::to_string(jobs / 1000) + "k";
    const std::string smallColumn = "MiB @" + std::to_string(small / 1000) + "k";
    std::printf("%-6s %10s %14s %12s %12s %8s %10s\n", "policy", "time (s)", "metrics only (s)",
                bigColumn.c_str(), smallColumn.c_str(), "ratio", "bytes/job");
    for (PolicyKind policy : policies) {
        std::vector<double> times;
        std::vector<double> bareTimes;
        Sample big;
        for (int r = 0; r < repeat; ++r) {
            big = measure(jobs, policy, withSchedule);
            times.push_back(big.seconds);
            bareTimes.push_back(measure(jobs, policy, metricsOnly).seconds);
        }
        const Sample little = measure(small, policy, withSchedule);
        const double bigMib = static_cast<double>(big.peakKib - big.baseKib) / 1024.0;
        const double smallMib = static_cast<double>(little.peakKib - little.baseKib) / 1024.0;
        std::printf("%-6s %10.3f %14.3f %12.1f %12.1f %8.2f %10.0f\n",
                    std::string(policyName(policy)).c_str(), median(times), median(bareTimes),
                    bigMib, smallMib, smallMib > 0 ? bigMib / smallMib : 0.0,
                    bigMib * 1024 * 1024 / static_cast<double>(jobs));
    }
    std::printf("\nratio = memory at %zu jobs / memory at %zu jobs (%.1f means linear)\n", jobs,
                small, static_cast<double>(jobs) / static_cast<double>(small));

    // What the GUI does after an edit: 200 jobs through 5 policies, everything recorded.
    const Workload editable = makeWorkload(200);
    std::vector<double> guiTimes;
    for (int r = 0; r < 21; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const std::vector<Result> results = compare(editable, settingsFor(PolicyKind::Fcfs),
                                                    policies, RecordOptions{true, true, true});
        guiTimes.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (results.size() != std::size(policies))
            std::abort();
    }
    std::printf("200 jobs x 5 policies with schedule, decisions and queue snapshots: %.2f ms "
                "(median of 21)\n",
                1000 * median(guiTimes));
    return 0;
}
