#include "tests/support/lesson_checks.h"

#include <QStringList>

#include <unistd.h>

#include <algorithm>
#include <set>

namespace proclab::testing {

std::vector<std::string> split(const QString& settings) {
    std::vector<std::string> out;
    for (const auto& item : settings.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        out.push_back(item.toStdString());
    return out;
}

host::HostConfig configFor(bool step) {
    return step ? stepConfig() : testConfig();
}

bool nothingLeft(const LessonRun& run) {
    std::set<int> pids;
    forEachRecord(run, [&](const trace::TraceRecord& r) {
        if ((r.flags & trace::kFlagHost) == 0)
            pids.insert(r.pid);
    });
    for (int pid : pids)
        if (::access(("/proc/" + std::to_string(pid)).c_str(), F_OK) == 0)
            return false;
    return !pids.empty();
}

int mainPid(const LessonRun& run) {
    int pid = 0;
    forEachRecord(run, [&](const trace::TraceRecord& r) {
        if (r.op == static_cast<uint16_t>(trace::Op::Start) &&
            r.phase == static_cast<uint8_t>(trace::Phase::End) && r.arg == ::getpid())
            pid = r.pid;
    });
    return pid;
}

std::vector<int> reapedByHost(const LessonRun& run) {
    std::vector<int> pids;
    forEachRecord(run, [&](const trace::TraceRecord& r) {
        if (r.op == static_cast<uint16_t>(trace::Op::Reaped) && (r.flags & trace::kFlagHost) != 0)
            pids.push_back(static_cast<int>(r.arg >> 32));
    });
    return pids;
}

std::ptrdiff_t indexOf(const std::vector<std::string>& lines, const std::string& line) {
    const auto it = std::find(lines.begin(), lines.end(), line);
    return it == lines.end() ? -1 : it - lines.begin();
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return indexOf(lines, line) >= 0;
}

std::ptrdiff_t countOf(const std::vector<std::string>& lines, const std::string& line) {
    return std::count(lines.begin(), lines.end(), line);
}

} // namespace proclab::testing
