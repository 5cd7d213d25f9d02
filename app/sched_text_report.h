#pragma once
// The human-readable output of `proclab sched`: settings line, a Gantt chart in characters, the
// schedule as segments, the metrics table with averages, and optionally every decision.

#include "engine/sched/result.h"
#include "engine/sched/workload.h"

#include <span>
#include <string>

namespace proclab::app {

// One policy's report. Averages are printed with "%.2f".
std::string textReport(const sched::Result& result, const sched::Workload& workload, bool explain);
// One row of averages per policy.
std::string comparisonTable(std::span<const sched::Result> results);
// A Gantt chart: one row per job ('#' running, '.' ready, 'i' in I/O), then the CPU ('-' idle,
// 's' switching). At most `maxColumns` columns; a column stands for several ticks when needed.
std::string ganttChart(const sched::Result& result, const sched::Workload& workload,
                       std::size_t maxColumns = 100, std::size_t maxRows = 40);

} // namespace proclab::app
