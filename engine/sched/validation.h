#pragma once
// Checks a workload and its settings before a run. Each problem names the job (by position and
// name), the field and the allowed range, so that a form or a command line can point at it.

#include "engine/sched/settings.h"
#include "engine/sched/workload.h"

#include <optional>
#include <string>
#include <vector>

namespace proclab::sched {

struct Problem {
    std::optional<std::size_t> job; // index in the workload; unset for settings
    std::string field;              // "length", "quantum", "mlfq.allotments", ...
    std::string message;            // one line, English, complete ("job 2 (B): ...")
};

std::vector<Problem> validate(const Workload& workload, const Settings& settings);
std::vector<Problem> validateWorkload(const Workload& workload);
std::vector<Problem> validateSettings(const Settings& settings);

} // namespace proclab::sched
