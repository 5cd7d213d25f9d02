#include "app/sched_options.h"

#include "engine/sched/io/jobs_parse.h"
#include "engine/sched/limits.h"
#include "engine/sched/validation.h"

// GCC 12 reports a false "potential null pointer dereference" inside std::string code that
// CLI11's split() inlines; this translation unit is the only one that includes CLI11.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>

namespace proclab::app {

namespace {

namespace sched = proclab::sched;

// Raw option values, checked and converted after CLI11 has split the command line.
struct RawOptions {
    std::string policy;
    std::string quantum;
    std::string jobs;
    std::string jobsFile;
    std::string compare;
    std::vector<std::string> settings;
    std::string seed;
    std::string format = "text";
    bool explain = false;
    bool real = false;
    std::string unitMs;
    std::string cpu;
    std::string levels;
    std::string quanta;
    std::string allotment;
    std::string allotments;
    std::string boost;
    std::string ioTime;
    bool stay = false;
    bool ioFront = false;
};

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::int64_t integer(const std::string& option, const std::string& text, std::int64_t lowest,
                     std::int64_t highest) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < lowest || value > highest)
        throw UsageError(option + ": expected an integer from " + std::to_string(lowest) + " to " +
                         std::to_string(highest) + ", got '" + text + "'");
    return value;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        items.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos)
            return items;
        start = comma + 1;
    }
}

std::string policyList() {
    std::string names;
    for (sched::PolicyKind policy : sched::allPolicies())
        names += (names.empty() ? "" : ", ") + std::string(sched::policyName(policy));
    return names;
}

sched::PolicyKind policyFrom(const std::string& option, const std::string& name) {
    if (const auto policy = sched::parsePolicy(name))
        return *policy;
    throw UsageError(option + ": unknown policy '" + name + "' (expected one of " + policyList() +
                     ")");
}

template <typename T>
std::vector<T> integerList(const std::string& option, const std::string& text, std::int64_t lowest,
                           std::int64_t highest) {
    std::vector<T> values;
    for (const std::string& item : splitList(text))
        values.push_back(static_cast<T>(integer(option, item, lowest, highest)));
    return values;
}

sched::Workload loadWorkload(const RawOptions& raw) {
    if (!raw.jobs.empty() && !raw.jobsFile.empty())
        throw UsageError("give --jobs or --jobs-file, not both");
    sched::JobsParseResult parsed;
    if (!raw.jobsFile.empty()) {
        parsed = sched::loadJobsFile(raw.jobsFile);
    } else if (!raw.jobs.empty()) {
        // As in the design's examples, --jobs also accepts the path of a jobs file.
        const bool looksLikeFile = raw.jobs.ends_with(".json") || raw.jobs.ends_with(".csv");
        parsed = looksLikeFile && std::filesystem::exists(raw.jobs) ? sched::loadJobsFile(raw.jobs)
                                                                    : sched::parseJobList(raw.jobs);
    } else {
        throw UsageError("no jobs: give --jobs LIST or --jobs-file FILE");
    }
    if (!parsed.workload)
        throw UsageError(parsed.error);
    return std::move(*parsed.workload);
}

void applyMlfqOptions(const RawOptions& raw, sched::Settings& settings) {
    using sched::limits::kMaxDuration;
    const auto maxLevels = static_cast<std::int64_t>(sched::limits::kMaxLevels);
    std::size_t levels = 3;
    if (!raw.levels.empty())
        levels = static_cast<std::size_t>(integer("--levels", raw.levels, 1, maxLevels));
    std::vector<sched::Time> quanta;
    if (!raw.quanta.empty()) {
        quanta = integerList<sched::Time>("--quanta", raw.quanta, 1, kMaxDuration);
        if (!raw.levels.empty() && quanta.size() != levels)
            throw UsageError("--quanta lists " + std::to_string(quanta.size()) +
                             " quanta but --levels is " + std::to_string(levels));
        levels = quanta.size();
    } else {
        const sched::Time quantum =
            raw.quantum.empty() ? 10 : integer("--quantum", raw.quantum, 1, kMaxDuration);
        quanta.assign(levels, quantum);
    }
    std::vector<int> allotments;
    if (!raw.allotments.empty()) {
        allotments =
            integerList<int>("--allotments", raw.allotments, 1, sched::limits::kMaxAllotment);
        if (allotments.size() != levels)
            throw UsageError("--allotments lists " + std::to_string(allotments.size()) +
                             " allotments for " + std::to_string(levels) +
                             " levels; give one per level");
    } else {
        const int allotment = raw.allotment.empty()
                                  ? 1
                                  : static_cast<int>(integer("--allotment", raw.allotment, 1,
                                                             sched::limits::kMaxAllotment));
        allotments.assign(levels, allotment);
    }
    settings.mlfq.quanta = std::move(quanta);
    settings.mlfq.allotments = std::move(allotments);
    if (!raw.boost.empty())
        settings.mlfq.boostPeriod = integer("--boost", raw.boost, 0, kMaxDuration);
    settings.mlfq.stayAfterIo = raw.stay;
    settings.mlfq.ioToFront = raw.ioFront;
}

SchedRequest buildRequest(const RawOptions& raw) {
    SchedRequest request;
    if (!raw.policy.empty())
        request.policies.push_back(policyFrom("--policy", raw.policy));
    if (!raw.compare.empty()) {
        request.compare = true;
        for (const std::string& name : splitList(raw.compare)) {
            const sched::PolicyKind policy = policyFrom("--compare", name);
            if (std::find(request.policies.begin(), request.policies.end(), policy) ==
                request.policies.end())
                request.policies.push_back(policy);
        }
    }
    if (request.policies.empty())
        throw UsageError("no policy: give --policy NAME or --compare LIST");

    sched::Settings& settings = request.settings;
    settings.policy = request.policies.front();
    if (!raw.quantum.empty())
        settings.quantum = integer("--quantum", raw.quantum, 1, sched::limits::kMaxDuration);
    if (!raw.ioTime.empty())
        settings.ioTime = integer("--io-time", raw.ioTime, 0, sched::limits::kMaxDuration);
    if (!raw.seed.empty())
        settings.seed = static_cast<std::uint64_t>(
            integer("--seed", raw.seed, 0, std::numeric_limits<std::int64_t>::max()));
    applyMlfqOptions(raw, settings);
    for (const std::string& assignment : raw.settings) {
        const std::size_t equals = assignment.find('=');
        if (equals == std::string::npos)
            throw UsageError("--setting: expected NAME=VALUE, got '" + assignment + "'");
        if (auto error = sched::applySetting(settings, assignment.substr(0, equals),
                                             assignment.substr(equals + 1)))
            throw UsageError(*error);
    }

    if (raw.format == "text")
        request.format = OutputFormat::Text;
    else if (raw.format == "json")
        request.format = OutputFormat::Json;
    else if (raw.format == "csv")
        request.format = OutputFormat::Csv;
    else
        throw UsageError("--format: expected text, json or csv, got '" + raw.format + "'");
    request.explain = raw.explain;

    request.real = raw.real;
    if (!raw.real && (!raw.unitMs.empty() || !raw.cpu.empty()))
        throw UsageError("--unit-ms and --cpu apply to --real only");
    if (!raw.unitMs.empty())
        request.unitMs = static_cast<int>(integer("--unit-ms", raw.unitMs, 1, 1000));
    if (!raw.cpu.empty())
        request.cpu = static_cast<int>(integer("--cpu", raw.cpu, 0, CPU_SETSIZE - 1));
    if (raw.real && request.policies.size() > 1)
        throw UsageError("--real runs one policy; drop --compare");

    request.workload = loadWorkload(raw);
    // Settings first (they do not depend on the jobs), then the jobs.
    for (sched::PolicyKind policy : request.policies) {
        sched::Settings each = settings;
        each.policy = policy;
        const std::vector<sched::Problem> problems = sched::validate(request.workload, each);
        if (!problems.empty())
            throw UsageError(problems.front().message);
    }
    return request;
}

void describeOptions(CLI::App& app, RawOptions& raw) {
    app.add_option("--policy", raw.policy,
                   "fcfs|sjf|srtf|rr|priority|ppriority|priority-rr|hrrn|mlfq|lottery|stride|cfs")
        ->type_name("NAME");
    app.add_option("--quantum", raw.quantum,
                   "time slice (rr, priority-rr, lottery, stride: default 1; mlfq: default 10)")
        ->type_name("Q");
    app.add_option("--jobs", raw.jobs,
                   "name:arrival:length[:priority[:io_every[:io_time]]],... (or a .json/.csv file)")
        ->type_name("LIST");
    app.add_option("--jobs-file", raw.jobsFile, "jobs in a .json or .csv file")->type_name("FILE");
    app.add_option("--compare", raw.compare,
                   "run each policy on the same jobs and compare averages")
        ->type_name("P1,P2,...");
    app.add_option("--setting", raw.settings,
                   "arrival-before-preempted=true|false, "
                   "priority-order=lower-first|higher-first, switch-cost=N, aging=N, "
                   "cfs-latency=N, cfs-min-granularity=N")
        ->type_name("NAME=VALUE")
        ->take_all();
    app.add_option("--seed", raw.seed, "seed of the lottery draws (default 0)")->type_name("N");
    app.add_option("--format", raw.format, "text (default), json or csv")->type_name("FORMAT");
    app.add_flag("--explain", raw.explain, "print every decision with its reason");
    app.add_flag("--real", raw.real, "run the jobs as real processes pinned to one CPU");
    app.add_option("--unit-ms", raw.unitMs, "--real: milliseconds per tick (default 10)")
        ->type_name("N");
    app.add_option("--cpu", raw.cpu, "--real: CPU to pin to (default: the idlest)")->type_name("N");
    app.add_option("--levels", raw.levels, "mlfq: number of levels (default 3)")->type_name("N");
    app.add_option("--quanta", raw.quanta, "mlfq: quantum per level, highest level first")
        ->type_name("Q,...");
    app.add_option("--allotment", raw.allotment, "mlfq: quanta per level before moving down (1)")
        ->type_name("A");
    app.add_option("--allotments", raw.allotments, "mlfq: allotment per level, highest first")
        ->type_name("A,...");
    app.add_option("--boost", raw.boost, "mlfq: move every job to the top every B ticks (0: never)")
        ->type_name("B");
    app.add_option("--io-time", raw.ioTime, "length of an I/O for jobs with io_every (default 5)")
        ->type_name("T");
    app.add_flag("--stay", raw.stay, "mlfq: issuing I/O resets quantum and allotment (mlfq.py -S)");
    app.add_flag("--io-front", raw.ioFront,
                 "mlfq: a job back from I/O goes to the front of its queue (mlfq.py -I)");
}

} // namespace

SchedParse parseSchedArguments(int argc, char** argv) {
    CLI::App app{"CPU-scheduling simulator (see docs/scheduling.md)", "proclab sched"};
    RawOptions raw;
    describeOptions(app, raw);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return SchedParse{std::nullopt, {}, 0};
    } catch (const CLI::ParseError& error) {
        return SchedParse{std::nullopt, error.what(), 2};
    }
    try {
        return SchedParse{buildRequest(raw), {}, 0};
    } catch (const UsageError& error) {
        return SchedParse{std::nullopt, error.what(), 2};
    }
}

} // namespace proclab::app
