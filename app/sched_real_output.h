#pragma once
// Output of `proclab sched --real`: the simulated run and the measured one side by side, with
// the deviation per job. Measured times are given in ticks (fractional) so that they sit beside
// the simulated ones; CPU in milliseconds.

#include "app/sched_options.h"
#include "engine/sched/real/real_run.h"

#include <string>

namespace proclab::app {

std::string realText(const sched::real::RealReport& report, const sched::Workload& workload,
                     bool explain);
std::string realJson(const sched::real::RealReport& report, const sched::Workload& workload,
                     bool explain);
std::string realCsv(const sched::real::RealReport& report, const sched::Workload& workload);

} // namespace proclab::app
