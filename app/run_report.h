#pragma once
// What `proclab run` prints: the narrative as it comes, then the outcome, the
// invariants and the processes, as text or as one JSON object (a documented contract:
// docs/cli.md).

#include "engine/session/session.h"
#include "scenarios/lesson.h"

#include <map>
#include <string>
#include <vector>

namespace proclab::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInvariantBroken = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailed = 3;

struct RunOutcome {
    std::string error;          // the run could not start, or the engine refused it
    bool engineRefused = false; // ... because of the lesson or its parameters
    bool failed = false;        // crash, timeout, interrupted
    std::string failure;        // why, in one line
    bool deadlocked = false;
    session::StateModel model; // the whole run, folded
    std::map<std::string, int64_t> outcome;
    std::vector<session::InvariantResult> invariants;
    std::vector<std::string> grants;
    uint64_t steps = 0;
    double wallMs = 0;
    int mainExitCode = 0;
};

struct ReportContext {
    const scenarios::Lesson& lesson;
    const scenarios::Params& params;
    std::string mode;
    uint64_t seed;
    bool zh;
};

RunOutcome summarize(session::Session& session, bool interrupted);
void printLogLine(const session::StateModel& model, const session::LogLine& line, bool zh);
void printText(const ReportContext& context, const std::vector<RunOutcome>& runs);
void printJson(const ReportContext& context, const std::vector<RunOutcome>& runs);
int exitCodeOf(const std::vector<RunOutcome>& runs);
void printLessonList(bool zh, bool json);

} // namespace proclab::app
