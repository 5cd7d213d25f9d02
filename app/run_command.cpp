// proclab run / proclab list: lessons without a window.
#include "app/commands.h"
#include "app/run_report.h"
#include "engine/session/session.h"
#include "engine/session/trace_export.h"
#include "scenarios/lesson.h"

#include <CLI/CLI.hpp>

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>

namespace proclab::app {
namespace {

std::atomic<bool> gInterrupted{false};

void onInterrupt(int) {
    gInterrupted.store(true);
}

struct RunOptions {
    std::string lesson;
    std::vector<std::string> settings;
    std::string mode = "free";
    double delayMs = 200;
    std::string policy = "rr";
    uint64_t seed = 0;
    std::string grantsFile;
    std::string recordFile;
    int repeat = 1;
    std::string language = "zh";
    std::string format = "text";
    std::string traceFile;
    std::string chromeTraceFile;
    double timeout = 600;
};

int usageError(const std::string& message) {
    std::fprintf(stderr, "proclab run: %s\n", message.c_str());
    return kExitUsage;
}

// Grants files name processes by identity: main, 1, 2, 1:2 ... one per line.
std::string checkGrantsFile(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return "cannot read grants file '" + path + "'";
    static const std::regex identity(R"(main|[0-9]+(:[0-9]+)*)");
    int lineNumber = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        if (line.empty() || line[0] == '#')
            continue;
        if (!std::regex_match(line, identity))
            return "grants file '" + path + "', line " + std::to_string(lineNumber) +
                   ": expected a process identity such as main, 1 or 1:2, not '" + line + "'";
    }
    return {};
}

std::string checkWritable(const std::string& path, const char* what) {
    if (path.empty())
        return {};
    std::ofstream probe(path, std::ios::app);
    if (!probe)
        return std::string("cannot write the ") + what + " file '" + path + "'";
    return {};
}

// One run, start to end. Narrative lines are printed as they come when `live`.
RunOutcome runOnce(const RunOptions& o, bool live, std::vector<trace::TraceRecord>* keep) {
    session::EngineLaunch launch;
    launch.lesson = o.lesson;
    launch.settings = o.settings;
    launch.mode = o.mode;
    launch.delayMs = o.delayMs;
    launch.policy = o.policy;
    launch.seed = o.seed;
    launch.grantsFile = o.grantsFile;
    launch.language = o.language;
    launch.timeoutSeconds = o.timeout;

    RunOutcome result;
    session::Session session;
    if (keep != nullptr)
        session.onRecords = [keep](std::span<const trace::TraceRecord> records) {
            keep->insert(keep->end(), records.begin(), records.end());
        };
    if (const std::string error = session.start(launch); !error.empty()) {
        result.error = error;
        return result;
    }
    const bool zh = o.language == "zh";
    std::size_t printed = 0;
    bool stopSent = false;
    while (session.pump(50)) {
        if (gInterrupted.load() && !stopSent) {
            session.engine().stop();
            stopSent = true;
        }
        const auto& log = session.model().log();
        for (; live && printed < log.size(); ++printed)
            printLogLine(session.model(), log[printed], zh);
    }
    for (const auto& log = session.model().log(); live && printed < log.size(); ++printed)
        printLogLine(session.model(), log[printed], zh);
    result = summarize(session, stopSent);
    return result;
}

} // namespace

int runCommand(int argc, char** argv) {
    CLI::App app{"Runs a lesson on real processes, without a window.", "proclab run"};
    RunOptions o;
    app.add_option("lesson", o.lesson, "lesson id (see 'proclab list')")->required();
    app.add_option("--set", o.settings, "a lesson parameter, name=value (repeatable)");
    app.add_option("--mode", o.mode, "free, paced or step")
        ->check(CLI::IsMember({"free", "paced", "step"}));
    app.add_option("--delay-ms", o.delayMs, "paced mode: delay at each step point (0..60000)")
        ->check(CLI::Range(0.0, 60000.0));
    app.add_option("--policy", o.policy, "step mode: who moves next, rr or random")
        ->check(CLI::IsMember({"rr", "random"}));
    app.add_option("--seed", o.seed, "seed of the random step policy");
    app.add_option("--grants", o.grantsFile, "step mode: replay the grants recorded in FILE");
    app.add_option("--record", o.recordFile, "step mode: write the run's grants to FILE");
    app.add_option("--repeat", o.repeat,
                   "run N times and show how often each outcome came (1..10000)")
        ->check(CLI::Range(1, 10000));
    app.add_option("--lang", o.language, "zh or en")->check(CLI::IsMember({"zh", "en"}));
    app.add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    app.add_option("--trace", o.traceFile, "write the whole trace to FILE as JSON lines");
    app.add_option("--chrome-trace", o.chromeTraceFile,
                   "write a Chrome trace-event file (Perfetto)");
    app.add_option("--timeout", o.timeout, "seconds before the run is stopped (default 600)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string what = e.what();
        if (const auto nl = what.find('\n'); nl != std::string::npos)
            what.resize(nl);
        return usageError(what);
    }

    const scenarios::Lesson* lesson = scenarios::findLesson(o.lesson);
    if (lesson == nullptr)
        return usageError("unknown lesson '" + o.lesson + "' (see 'proclab list')");
    scenarios::Params params = lesson->defaults();
    if (const std::string error = lesson->apply(o.settings, params); !error.empty())
        return usageError(error);
    if (!(o.timeout > 0) || o.timeout > 86400)
        return usageError("--timeout must be more than 0 and at most 86400 seconds");
    if (!o.grantsFile.empty()) {
        if (o.mode != "step")
            return usageError("--grants replays a stepped run: use it with --mode step");
        if (const std::string error = checkGrantsFile(o.grantsFile); !error.empty())
            return usageError(error);
    }
    if (!o.recordFile.empty() && o.mode != "step")
        return usageError("--record writes the grants of a stepped run: use it with --mode step");
    for (const auto& [path, what] : {std::pair{o.recordFile, "grants"},
                                     {o.traceFile, "trace"},
                                     {o.chromeTraceFile, "Chrome trace"}})
        if (const std::string error = checkWritable(path, what); !error.empty())
            return usageError(error);

    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    signal(SIGPIPE, SIG_IGN);

    const bool wantTrace = !o.traceFile.empty() || !o.chromeTraceFile.empty();
    std::vector<RunOutcome> runs;
    for (int i = 0; i < o.repeat && !gInterrupted.load(); ++i) {
        std::vector<trace::TraceRecord> records;
        const bool first = i == 0;
        RunOutcome run = runOnce(o, first && o.format == "text" && o.repeat == 1,
                                 first && wantTrace ? &records : nullptr);
        if (!run.error.empty()) {
            std::fprintf(stderr, "proclab run: %s\n", run.error.c_str());
            return run.engineRefused ? kExitUsage : kExitFailed;
        }
        if (first) {
            if (!o.recordFile.empty()) {
                std::ofstream out(o.recordFile);
                out << "# proclab grants: lesson " << o.lesson
                    << "; one process identity per step\n";
                for (const auto& g : run.grants)
                    out << g << '\n';
            }
            if (!o.traceFile.empty()) {
                std::ofstream out(o.traceFile);
                session::writeJsonLines(out, records, run.model);
            }
            if (!o.chromeTraceFile.empty()) {
                std::ofstream out(o.chromeTraceFile);
                session::writeChromeTrace(out, records, run.model, "ProcLab: " + o.lesson);
            }
        }
        runs.push_back(std::move(run));
    }
    if (runs.empty())
        return kExitFailed;

    ReportContext context{*lesson, params, o.mode, o.seed, o.language == "zh"};
    if (o.format == "json")
        printJson(context, runs);
    else
        printText(context, runs);
    return exitCodeOf(runs);
}

int listCommand(int argc, char** argv) {
    CLI::App app{"Lists the lessons.", "proclab list"};
    std::string language = "zh";
    std::string format = "text";
    app.add_option("--lang", language, "zh or en")->check(CLI::IsMember({"zh", "en"}));
    app.add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    printLessonList(language == "zh", format == "json");
    return kExitOk;
}

} // namespace proclab::app
