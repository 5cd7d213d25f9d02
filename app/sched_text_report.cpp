#include "app/sched_text_report.h"

#include "engine/sched/explain.h"
#include "engine/sched/number_format.h"

#include <algorithm>
#include <cstdio>

namespace proclab::app {

namespace {

using namespace proclab::sched;

std::string padLeft(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string padRight(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string settingsLine(const Settings& settings) {
    std::string line = "policy " + std::string(policyName(settings.policy)) + "; settings:";
    for (const SettingEntry& entry : describeSettings(settings)) {
        line += ' ' + entry.name + '=';
        switch (entry.type) {
        case SettingEntry::Type::Boolean:
        case SettingEntry::Type::Text: line += entry.text; break;
        case SettingEntry::Type::Integer: line += std::to_string(entry.integer); break;
        case SettingEntry::Type::IntegerList:
            for (std::size_t i = 0; i < entry.list.size(); ++i)
                line += (i ? "," : "") + std::to_string(entry.list[i]);
            break;
        }
    }
    return line + '\n';
}

// Marks the columns an interval covers with `mark`, unless they hold a stronger mark.
class ChartRow {
public:
    ChartRow(std::size_t columns, Time origin, Time ticksPerColumn)
        : cells_(columns, ' '), origin_(origin), scale_(ticksPerColumn) {}

    void mark(Time start, Time end, char symbol) {
        if (end <= start)
            return;
        const auto first = static_cast<std::size_t>((start - origin_) / scale_);
        const auto last = static_cast<std::size_t>((end - origin_ + scale_ - 1) / scale_);
        for (std::size_t i = first; i < std::min(last, cells_.size()); ++i)
            if (strength(symbol) > strength(cells_[i]))
                cells_[i] = symbol;
    }
    const std::string& text() const { return cells_; }

private:
    static int strength(char symbol) {
        switch (symbol) {
        case '#': return 4;
        case 's': return 3;
        case 'i': return 2;
        case '.':
        case '-': return 1;
        default: return 0;
        }
    }
    std::string cells_;
    Time origin_;
    Time scale_;
};

std::string segmentList(const Result& result, const Workload& workload, std::size_t limit) {
    std::string text = "schedule:";
    std::size_t shown = 0;
    for (const Segment& segment : result.schedule) {
        if (shown++ == limit) {
            text += " ... (" + std::to_string(result.schedule.size() - limit) + " more)";
            break;
        }
        const std::string who = segment.kind == SegmentKind::Run
                                    ? workload.jobs[segment.job].name
                                    : (segment.kind == SegmentKind::Idle ? "idle" : "switch");
        text += ' ' + std::to_string(segment.start) + '-' + std::to_string(segment.end) + ' ' + who;
        text += shown < result.schedule.size() && shown < limit ? "," : "";
    }
    return text + '\n';
}

std::string metricsTable(const Result& result, const Workload& workload) {
    std::size_t nameWidth = 7; // "average"
    for (const Job& job : workload.jobs)
        nameWidth = std::max(nameWidth, job.name.size());
    ++nameWidth;
    static constexpr const char* kHeaders[] = {"arrival",  "length",     "finish",
                                               "response", "turnaround", "waiting"};
    std::string text = padRight("job", nameWidth);
    for (const char* header : kHeaders)
        text += "  " + padLeft(header, 10);
    text += '\n';
    for (std::size_t i = 0; i < result.jobs.size(); ++i) {
        const JobMetrics& m = result.jobs[i];
        text += padRight(workload.jobs[i].name, nameWidth);
        for (Time value :
             {m.arrival, m.length, m.finish, m.response(), m.turnaround(), m.waiting()})
            text += "  " + padLeft(std::to_string(value), 10);
        text += '\n';
    }
    const Summary& s = result.summary;
    text += padRight("average", nameWidth) + std::string(3 * 12, ' ');
    for (double value : {s.averageResponse(), s.averageTurnaround(), s.averageWaiting()})
        text += "  " + padLeft(formatFixed2(value), 10);
    text += '\n';
    text += "throughput " + formatFixed(s.throughput(), 4) + " jobs/tick, CPU utilisation " +
            formatFixed2(100.0 * s.utilization()) + "%, context switches " +
            std::to_string(s.contextSwitches) + '\n';
    return text;
}

std::string decisionLog(const Result& result, const Workload& workload) {
    std::string text = "decisions and events (> marks a decision):\n";
    for (const Event& event : result.events) {
        char time[32];
        std::snprintf(time, sizeof time, "%6lld", static_cast<long long>(event.time));
        text += std::string("  t=") + time + (isDecision(event.kind) ? " > " : "   ") +
                describe(event, workload) + '\n';
    }
    return text;
}

} // namespace

std::string ganttChart(const Result& result, const Workload& workload, std::size_t maxColumns,
                       std::size_t maxRows) {
    const Summary& summary = result.summary;
    const Time span = std::max<Time>(1, summary.end - summary.start);
    const Time scale = (span + static_cast<Time>(maxColumns) - 1) / static_cast<Time>(maxColumns);
    const auto columns = static_cast<std::size_t>((span + scale - 1) / scale);
    const std::size_t rows = std::min(maxRows, workload.jobs.size());

    std::size_t nameWidth = 3;
    for (std::size_t i = 0; i < rows; ++i)
        nameWidth = std::max(nameWidth, workload.jobs[i].name.size());
    nameWidth += 2;

    std::string text = "Gantt chart (1 column = " + std::to_string(scale) +
                       (scale == 1 ? " tick" : " ticks") +
                       "; # running, . ready, i I/O; CPU: - idle, s switching)\n";
    // Axis: a label every 10 columns.
    std::string labels(columns + 12, ' ');
    std::string ruler(columns, '-');
    for (std::size_t column = 0; column < columns; column += 10) {
        const std::string label = std::to_string(summary.start + static_cast<Time>(column) * scale);
        labels.replace(column, label.size(), label);
        ruler[column] = '|';
    }
    text += std::string(nameWidth, ' ') + labels.substr(0, labels.find_last_not_of(' ') + 1) + '\n';
    text += std::string(nameWidth, ' ') + ruler + '\n';

    std::vector<ChartRow> jobRows(rows, ChartRow(columns, summary.start, scale));
    for (std::size_t i = 0; i < rows; ++i)
        jobRows[i].mark(result.jobs[i].arrival, result.jobs[i].finish, '.');
    for (const IoPeriod& io : result.io)
        if (io.job < rows)
            jobRows[io.job].mark(io.start, io.end, 'i');
    ChartRow cpu(columns, summary.start, scale);
    for (const Segment& segment : result.schedule) {
        if (segment.kind == SegmentKind::Run && segment.job < rows)
            jobRows[segment.job].mark(segment.start, segment.end, '#');
        cpu.mark(segment.start, segment.end,
                 segment.kind == SegmentKind::Run
                     ? '#'
                     : (segment.kind == SegmentKind::Idle ? '-' : 's'));
    }
    const auto withoutTrailingSpaces = [](std::string line) {
        line.erase(line.find_last_not_of(' ') + 1);
        return line;
    };
    for (std::size_t i = 0; i < rows; ++i)
        text +=
            withoutTrailingSpaces(padRight(workload.jobs[i].name, nameWidth) + jobRows[i].text()) +
            '\n';
    if (rows < workload.jobs.size())
        text += "(" + std::to_string(workload.jobs.size() - rows) + " more jobs not shown)\n";
    text += padRight("CPU", nameWidth) + cpu.text() + '\n';
    return text;
}

std::string textReport(const Result& result, const Workload& workload, bool explain) {
    std::string text = settingsLine(result.settings) + '\n';
    text += ganttChart(result, workload) + '\n';
    text += segmentList(result, workload, 60) + '\n';
    text += metricsTable(result, workload);
    if (explain)
        text += '\n' + decisionLog(result, workload);
    return text;
}

std::string comparisonTable(std::span<const Result> results) {
    std::string text = "comparison of averages\n";
    text += padRight("policy", 12) + padLeft("response", 10) + padLeft("turnaround", 12) +
            padLeft("waiting", 10) + padLeft("throughput", 12) + padLeft("utilisation", 13) +
            padLeft("switches", 10) + '\n';
    for (const Result& result : results) {
        const Summary& s = result.summary;
        text += padRight(std::string(policyName(result.settings.policy)), 12) +
                padLeft(formatFixed2(s.averageResponse()), 10) +
                padLeft(formatFixed2(s.averageTurnaround()), 12) +
                padLeft(formatFixed2(s.averageWaiting()), 10) +
                padLeft(formatFixed(s.throughput(), 4), 12) +
                padLeft(formatFixed2(100.0 * s.utilization()) + "%", 13) +
                padLeft(std::to_string(s.contextSwitches), 10) + '\n';
    }
    return text;
}

} // namespace proclab::app
