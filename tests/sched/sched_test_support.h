#pragma once
// Small helpers shared by the scheduling suites: build workloads from the command line's job
// list syntax and render results as short strings that tables can compare.

#include "engine/sched/explain.h"
#include "engine/sched/io/jobs_parse.h"
#include "engine/sched/number_format.h"
#include "engine/sched/settings.h"
#include "engine/sched/simulate.h"

#include <QByteArray>
#include <QtTest>

#include <string>

namespace proclab::sched::test {

inline Workload jobsFrom(const std::string& list) {
    JobsParseResult parsed = parseJobList(list);
    if (!parsed.workload)
        qFatal("bad job list in test: %s", parsed.error.c_str());
    return std::move(*parsed.workload);
}

// "k=v;k=v" through applySetting, as --setting does.
inline void applySettings(Settings& settings, const std::string& list) {
    std::size_t start = 0;
    while (start < list.size()) {
        const std::size_t end = std::min(list.find(';', start), list.size());
        const std::string item = list.substr(start, end - start);
        const std::size_t equals = item.find('=');
        if (auto error = applySetting(settings, item.substr(0, equals), item.substr(equals + 1)))
            qFatal("bad setting in test: %s", error->c_str());
        start = end + 1;
    }
}

// "0-2 A,2-4 B,4-6 idle"
inline QByteArray scheduleText(const Result& result, const Workload& workload) {
    std::string text;
    for (const Segment& segment : result.schedule) {
        if (!text.empty())
            text += ',';
        text += std::to_string(segment.start) + '-' + std::to_string(segment.end) + ' ';
        text += segment.kind == SegmentKind::Run
                    ? workload.jobs[segment.job].name
                    : (segment.kind == SegmentKind::Idle ? "idle" : "switch");
    }
    return QByteArray::fromStdString(text);
}

// Completion times in list order: "6,4"
inline QByteArray finishText(const Result& result) {
    std::string text;
    for (const JobMetrics& metrics : result.jobs)
        text += (text.empty() ? "" : ",") + std::to_string(metrics.finish);
    return QByteArray::fromStdString(text);
}

// Averages as printed: "response/turnaround/waiting" with %.2f
inline QByteArray averagesText(const Result& result) {
    const Summary& s = result.summary;
    return QByteArray::fromStdString(formatFixed2(s.averageResponse()) + '/' +
                                     formatFixed2(s.averageTurnaround()) + '/' +
                                     formatFixed2(s.averageWaiting()));
}

inline Result run(const std::string& policy, int quantum, const std::string& settings,
                  const std::string& jobs, RecordOptions record = {}) {
    Settings s;
    s.policy = *parsePolicy(policy);
    s.quantum = quantum;
    applySettings(s, settings);
    return simulate(jobsFrom(jobs), s, record);
}

} // namespace proclab::sched::test
