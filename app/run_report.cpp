#include "app/run_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

namespace proclab::app {
namespace {

using json = nlohmann::ordered_json;

const char* tr(bool zh, const char* chinese, const char* english) {
    return zh ? chinese : english;
}

json paramsJson(const scenarios::Lesson& lesson, const scenarios::Params& params) {
    json out = json::object();
    for (const auto& spec : lesson.params) {
        switch (spec.kind) {
        case scenarios::ParamSpec::Kind::Int: out[spec.name] = params.integer(spec.name); break;
        case scenarios::ParamSpec::Kind::Real: out[spec.name] = params.real(spec.name); break;
        case scenarios::ParamSpec::Kind::Bool: out[spec.name] = params.flag(spec.name); break;
        case scenarios::ParamSpec::Kind::Choice: out[spec.name] = params.choice(spec.name); break;
        }
    }
    return out;
}

std::vector<std::string> statesSeen(const session::ProcessInfo& p) {
    std::vector<std::string> out;
    for (int s = 0; s < session::kProcStates; ++s)
        if ((p.statesSeen & (1u << s)) != 0)
            out.emplace_back(session::procStateName(static_cast<session::ProcState>(s)));
    return out;
}

json runJson(const RunOutcome& run) {
    json out;
    out["outcome"] = run.outcome;
    json invariants = json::array();
    for (const auto& inv : run.invariants)
        invariants.push_back({{"name", inv.name}, {"held", inv.held}, {"must_hold", inv.mustHold}});
    out["invariants"] = invariants;
    json processes = json::array();
    for (const auto& p : run.model.processes()) {
        json proc = {{"pid", p.pid},
                     {"ppid", p.ppid},
                     {"name", p.name},
                     {"identity", p.identity},
                     {"daemon", p.daemon},
                     {"exit_code", p.exitCode ? json(*p.exitCode) : json(nullptr)},
                     {"states_seen", statesSeen(p)},
                     {"kernel_states_seen", p.kernelStatesSeen}};
        if (p.kernelPpid != 0 && p.kernelPpid != p.ppid)
            proc["adopted_by"] = p.kernelPpid;
        processes.push_back(proc);
    }
    out["processes"] = processes;
    out["deadlocked"] = run.deadlocked;
    out["steps"] = run.steps;
    out["wall_ms"] = run.wallMs;
    out["main_exit_code"] = run.mainExitCode;
    if (run.failed)
        out["failure"] = run.failure;
    return out;
}

} // namespace

RunOutcome summarize(session::Session& session, bool interrupted) {
    RunOutcome run;
    const session::RunEnd& end = session.end();
    if (!end.error.empty()) {
        run.error = end.error;
        run.engineRefused = true;
        return run;
    }
    session::StateModel& model = session.model();
    run.outcome = model.outcomes();
    run.invariants = model.invariants();
    run.grants = end.grants;
    run.steps = end.grants.size();
    run.deadlocked = end.body.deadlocked != 0 || model.deadlocked();
    run.mainExitCode = end.body.mainExitCode;
    run.wallMs = static_cast<double>(end.body.wallNs) / 1e6;
    if (run.deadlocked)
        run.outcome.emplace("deadlock", 1);
    if (!end.ended) {
        run.failed = true;
        run.failure = "the engine ended without finishing the run (status " +
                      std::to_string(end.engineStatus) + ")";
    } else if (interrupted || end.body.stopped) {
        run.failed = true;
        run.failure = "interrupted";
    } else if (end.body.timedOut) {
        run.failed = true;
        run.failure = "timed out";
    } else if (end.body.mainExitCode != 0 && !run.deadlocked) {
        run.failed = true;
        run.failure =
            "the lesson's main process ended with " + std::to_string(end.body.mainExitCode);
    }
    model.detach();
    run.model = model;
    return run;
}

void printLogLine(const session::StateModel& model, const session::LogLine& line, bool zh) {
    const session::ProcessInfo* p = model.process(line.pid);
    std::printf("[%s %d] %s%s\n", p != nullptr ? p->name.c_str() : "?", line.pid,
                line.error ? "Error: " : "", (zh ? line.zh : line.en).c_str());
    std::fflush(stdout);
}

void printText(const ReportContext& c, const std::vector<RunOutcome>& runs) {
    const bool zh = c.zh;
    const RunOutcome& first = runs.front();
    if (runs.size() == 1) {
        std::printf("\n%s\n", tr(zh, "— 结果 —", "— outcome —"));
        for (const auto& [name, value] : first.outcome)
            std::printf("  %-28s %lld\n", name.c_str(), static_cast<long long>(value));
        if (first.deadlocked)
            std::printf("  %s\n", tr(zh, "死锁：所有进程都在等待，没有谁能唤醒它们",
                                     "deadlock: every process waits and nothing can wake them"));
        std::printf("%s\n", tr(zh, "— 不变式 —", "— invariants —"));
        for (const auto& inv : first.invariants)
            std::printf(
                "  %s %-44s %s\n", inv.held ? "✓" : "✗", inv.name.c_str(),
                inv.mustHold
                    ? (inv.held ? "" : tr(zh, "(应当成立，却被打破)", "(must hold: broken)"))
                    : tr(zh, "(本课演示它被打破)", "(this lesson shows it breaking)"));
        std::printf("%s %zu, %s %llu, %.0f ms\n", tr(zh, "进程数", "processes"),
                    first.model.processes().size(), tr(zh, "单步", "steps"),
                    static_cast<unsigned long long>(first.steps), first.wallMs);
        if (first.failed)
            std::printf("%s: %s\n", tr(zh, "运行失败", "run failed"), first.failure.c_str());
        return;
    }
    // Repeated: how often each figure came out, and how often each invariant held.
    std::printf("%s %zu %s\n", c.lesson.id.c_str(), runs.size(), tr(zh, "次运行", "runs"));
    std::map<std::string, std::map<int64_t, int>> figures;
    std::map<std::string, int> held;
    int failed = 0;
    for (const auto& run : runs) {
        for (const auto& [name, value] : run.outcome)
            ++figures[name][value];
        for (const auto& inv : run.invariants)
            held[inv.name] += inv.held ? 1 : 0;
        failed += run.failed ? 1 : 0;
    }
    for (const auto& [name, counts] : figures) {
        std::printf("  %s:", name.c_str());
        for (const auto& [value, count] : counts)
            std::printf(" %lld×%d", static_cast<long long>(value), count);
        std::printf("\n");
    }
    for (const auto& [name, count] : held)
        std::printf("  %s %s %d/%zu\n", name.c_str(), tr(zh, "成立", "held"), count, runs.size());
    if (failed > 0)
        std::printf("%s: %d\n", tr(zh, "失败的运行", "failed runs"), failed);
}

void printJson(const ReportContext& c, const std::vector<RunOutcome>& runs) {
    json out;
    out["lesson"] = c.lesson.id;
    out["params"] = paramsJson(c.lesson, c.params);
    out["mode"] = c.mode;
    out["seed"] = c.seed;
    const json first = runJson(runs.front());
    for (const auto& [key, value] : first.items())
        out[key] = value;
    if (runs.size() > 1) {
        json distribution = json::object();
        std::map<std::string, std::map<int64_t, int>> figures;
        for (const auto& run : runs)
            for (const auto& [name, value] : run.outcome)
                ++figures[name][value];
        for (const auto& [name, counts] : figures) {
            json values = json::object();
            for (const auto& [value, count] : counts)
                values[std::to_string(value)] = count;
            distribution[name] = values;
        }
        json invariantCounts = json::object();
        for (const auto& run : runs)
            for (const auto& inv : run.invariants)
                invariantCounts[inv.name] = invariantCounts.value(inv.name, 0) + (inv.held ? 1 : 0);
        out["repeat"] = runs.size();
        out["distribution"] = distribution;
        out["invariants_held"] = invariantCounts;
        int failed = 0;
        for (const auto& run : runs)
            failed += run.failed ? 1 : 0;
        out["failed_runs"] = failed;
    }
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
}

int exitCodeOf(const std::vector<RunOutcome>& runs) {
    bool broken = false;
    for (const auto& run : runs) {
        if (run.failed)
            return kExitFailed;
        for (const auto& inv : run.invariants)
            broken = broken || (inv.mustHold && !inv.held);
    }
    return broken ? kExitInvariantBroken : kExitOk;
}

void printLessonList(bool zh, bool asJson) {
    const auto language = zh ? scenarios::Language::Zh : scenarios::Language::En;
    if (asJson) {
        json list = json::array();
        for (const auto& l : scenarios::allLessons())
            list.push_back({{"id", l.id},
                            {"topic", scenarios::topicId(l.topic)},
                            {"title", {{"zh", l.title.zh}, {"en", l.title.en}}}});
        std::printf("%s\n", list.dump(2).c_str());
        return;
    }
    scenarios::Topic topic{};
    bool firstLesson = true;
    for (const auto& l : scenarios::allLessons()) {
        if (firstLesson || l.topic != topic)
            std::printf("%s%s\n", firstLesson ? "" : "\n",
                        scenarios::topicTitle(l.topic).in(language).c_str());
        topic = l.topic;
        firstLesson = false;
        std::printf("  %-20s %s\n", l.id.c_str(), l.title.in(language).c_str());
    }
}

} // namespace proclab::app
