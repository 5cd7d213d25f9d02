#pragma once
// Checks the lesson suites share: settings from a table cell, the lesson's processes
// gone from /proc, who the host reaped, and lookups in narrative lines.
#include "tests/support/lesson_harness.h"

#include <QString>

#include <string>
#include <vector>

namespace proclab::testing {

// "a=1 b=2" (a QTest table cell) as settings.
std::vector<std::string> split(const QString& settings);
host::HostConfig configFor(bool step);

// Calls f for every record of the run, skipping text payload records.
template <class F> void forEachRecord(const LessonRun& run, F f) {
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        f(run.records[i]);
        i += trace::payloadRecordsOf(run.records[i]);
    }
}

// Every process the run traced is gone from /proc: nothing running, no zombie left.
bool nothingLeft(const LessonRun& run);
// The lesson's main process: the one started with the host (this test) as parent.
int mainPid(const LessonRun& run);
// Pids the host reaped (adopted orphans and the main process).
std::vector<int> reapedByHost(const LessonRun& run);

std::ptrdiff_t indexOf(const std::vector<std::string>& lines, const std::string& line);
bool contains(const std::vector<std::string>& lines, const std::string& line);
std::ptrdiff_t countOf(const std::vector<std::string>& lines, const std::string& line);
inline std::string str(long v) {
    return std::to_string(v);
}

} // namespace proclab::testing
