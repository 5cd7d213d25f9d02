#pragma once
// Machine-readable results, the contract graders and scripts parse (docs/scheduling.md):
// JSON objects {"policy","settings","schedule","jobs","average","throughput","utilization",
// "context_switches"} and a per-job CSV table. Averages are rounded to two decimals the way
// printf("%.2f") rounds; throughput and utilisation to four.

#include "engine/sched/result.h"
#include "engine/sched/workload.h"

#include <span>
#include <string>

namespace proclab::sched {

struct ExportOptions {
    bool explain = false; // add "explain": the event log with English text
    int indent = 2;       // -1: one line
};

std::string resultToJson(const Result& result, const Workload& workload,
                         const ExportOptions& options = {});
// An array of result objects, for --compare.
std::string resultsToJson(std::span<const Result> results, const Workload& workload,
                          const ExportOptions& options = {});
// Header: policy,kind,job,arrival,length,finish,response,turnaround,waiting; one "job" row per
// job and one "average" row per result.
std::string resultsToCsv(std::span<const Result> results, const Workload& workload);

} // namespace proclab::sched
