// `proclab sched`: the scheduling simulator (and real mode) on the command line. The output
// formats and exit codes are a contract (docs/scheduling.md): 0 on success, 2 on bad input.

#include "app/commands.h"
#include "app/sched_options.h"
#include "app/sched_real_output.h"
#include "app/sched_text_report.h"
#include "engine/sched/io/export.h"
#include "engine/sched/real/interrupted.h"
#include "engine/sched/real/real_run.h"
#include "engine/sched/simulate.h"

#include <csignal>
#include <cstdio>
#include <string>
#include <system_error>

namespace proclab::app {

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "proclab sched: %s\n", message.c_str());
    return 2;
}

void print(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!text.empty() && text.back() != '\n')
        std::fputc('\n', stdout);
}

int simulateAndPrint(const SchedRequest& request) {
    // The log is only kept when it will be printed: it is the costliest part for big workloads.
    const sched::RecordOptions record{true, request.explain, false};
    const std::vector<sched::Result> results =
        sched::compare(request.workload, request.settings, request.policies, record);
    const sched::ExportOptions exportOptions{request.explain, 2};
    switch (request.format) {
    case OutputFormat::Json:
        print(request.compare
                  ? sched::resultsToJson(results, request.workload, exportOptions)
                  : sched::resultToJson(results.front(), request.workload, exportOptions));
        break;
    case OutputFormat::Csv: print(sched::resultsToCsv(results, request.workload)); break;
    case OutputFormat::Text: {
        std::string text;
        for (const sched::Result& result : results)
            text += textReport(result, request.workload, request.explain) + '\n';
        if (request.compare)
            text += comparisonTable(results);
        print(text);
        break;
    }
    }
    return 0;
}

int runRealAndPrint(const SchedRequest& request) {
    sched::real::RealOptions options;
    options.unitMs = request.unitMs;
    options.cpu = request.cpu;
    sched::real::RealReport report;
    try {
        report = sched::real::runReal(request.workload, request.settings, options);
    } catch (const sched::real::Interrupted& interrupted) {
        std::fprintf(stderr, "proclab sched: %s; every child was killed and reaped\n",
                     interrupted.what());
        // Die of the same signal, as the shell expects from an interrupted command.
        std::fflush(nullptr);
        std::signal(interrupted.signal(), SIG_DFL);
        std::raise(interrupted.signal());
        return 128 + interrupted.signal();
    }
    if (!report.pinningProblem.empty())
        std::fprintf(stderr, "proclab sched: warning: %s; running unpinned\n",
                     report.pinningProblem.c_str());
    switch (request.format) {
    case OutputFormat::Json: print(realJson(report, request.workload, request.explain)); break;
    case OutputFormat::Csv: print(realCsv(report, request.workload)); break;
    case OutputFormat::Text: print(realText(report, request.workload, request.explain)); break;
    }
    return 0;
}

} // namespace

int schedCommand(int argc, char** argv) {
    SchedParse parsed = parseSchedArguments(argc, argv);
    if (!parsed.request)
        return parsed.error.empty() ? parsed.exitCode : fail(parsed.error);
    try {
        return parsed.request->real ? runRealAndPrint(*parsed.request)
                                    : simulateAndPrint(*parsed.request);
    } catch (const sched::InvalidInput& invalid) {
        return fail(invalid.what());
    } catch (const std::system_error& error) {
        std::fprintf(stderr, "proclab sched: %s\n", error.what());
        return 1;
    }
}

} // namespace proclab::app
