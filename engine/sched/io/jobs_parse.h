#pragma once
// Reading workloads: the command line's job list and jobs files in JSON or CSV (the formats are
// specified in docs/scheduling.md). Syntax problems come back as one-line messages; range
// problems are left to validate(), which says which job, which field and the allowed range.

#include "engine/sched/workload.h"

#include <optional>
#include <string>
#include <string_view>

namespace proclab::sched {

struct JobsParseResult {
    std::optional<Workload> workload;
    std::string error; // set when workload is not
};

// "name:arrival:length[:priority[:io_every[:io_time]]]" entries separated by commas.
JobsParseResult parseJobList(std::string_view list);
// {"jobs":[{"name","arrival","length","priority","io_every","io_time","tickets","nice",
//           "bursts"}]}; name, arrival and length (or bursts) are required.
JobsParseResult parseJobsJson(std::string_view text);
// A header line naming the same fields, then one job per line.
JobsParseResult parseJobsCsv(std::string_view text);
// By extension (.json or .csv); messages start with the path.
JobsParseResult loadJobsFile(const std::string& path);

} // namespace proclab::sched
