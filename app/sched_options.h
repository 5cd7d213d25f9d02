#pragma once
// `proclab sched` options: parsed from the command line into a workload, settings and what to
// print. Any problem becomes one line of text (the command then exits with code 2).

#include "engine/sched/settings.h"
#include "engine/sched/workload.h"

#include <optional>
#include <string>
#include <vector>

namespace proclab::app {

enum class OutputFormat { Text, Json, Csv };

struct SchedRequest {
    sched::Workload workload;
    sched::Settings settings;                // settings.policy: the first policy
    std::vector<sched::PolicyKind> policies; // one, or several with --compare
    bool compare = false;                    // --compare given: print the comparison
    OutputFormat format = OutputFormat::Text;
    bool explain = false;
    bool real = false;
    int unitMs = 10;
    std::optional<int> cpu;
};

struct SchedParse {
    std::optional<SchedRequest> request; // unset: help was printed, or `error` is set
    std::string error;
    int exitCode = 0;
};

SchedParse parseSchedArguments(int argc, char** argv);

} // namespace proclab::app
