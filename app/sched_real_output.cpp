#include "app/sched_real_output.h"

#include "app/sched_text_report.h"
#include "engine/sched/explain.h"
#include "engine/sched/io/csv.h"
#include "engine/sched/io/export.h"
#include "engine/sched/number_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace proclab::app {

namespace {

using namespace proclab::sched;
using Json = nlohmann::ordered_json;

std::string where(const real::RealReport& report) {
    std::string text = std::to_string(report.simulated.jobs.size()) + " processes, ";
    text += report.cpu ? "pinned to CPU " + std::to_string(*report.cpu)
                       : "unpinned (" + report.pinningProblem + ")";
    return text + ", " + report.priorityNote + ", 1 tick = " + std::to_string(report.unitMs) +
           " ms";
}

double ticks(const real::RealReport& report, Time microseconds) {
    return static_cast<double>(microseconds) / (report.unitMs * 1000.0);
}

double maxShareDeviation(const std::vector<real::JobComparison>& rows) {
    double worst = 0;
    for (const real::JobComparison& row : rows)
        worst = std::max(worst, row.shareDeviation());
    return worst;
}

} // namespace

std::string realText(const real::RealReport& report, const Workload& workload, bool explain) {
    std::string text = "real mode: " + where(report) + "\n";
    if (!report.pinningProblem.empty())
        text += "warning: " + report.pinningProblem + "; running unpinned\n";
    text += "\nsimulated:\n" + textReport(report.simulated, workload, false);
    text += "\nmeasured (ticks; run stretches with the CPU each child really got):\n ";
    std::size_t shown = 0;
    for (const real::RunStretch& run : report.runs) {
        if (shown++ == 60) {
            text += " ...";
            break;
        }
        text += ' ' + formatFixed2(ticks(report, run.start)) + '-' +
                formatFixed2(ticks(report, run.end)) + ' ' + workload.jobs[run.job].name + " (" +
                formatFixed2(static_cast<double>(run.cpuNs) / 1e6) + " ms)";
    }
    text += "\n\n";
    text += "job         finish sim/real   response sim/real  turnaround sim/real  cpu ms "
            "expected/real  share sim/real  deviation\n";
    const std::vector<real::JobComparison> rows = real::compareToSimulation(report);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const real::JobComparison& r = rows[i];
        char line[256];
        std::snprintf(
            line, sizeof line,
            "%-10s %7.0f/%-9.2f %7.0f/%-9.2f %9.0f/%-9.2f %10.1f/%-10.1f %6.4f/%-7.4f %7.2f%%\n",
            workload.jobs[i].name.c_str(), r.simulatedFinish, r.measuredFinish, r.simulatedResponse,
            r.measuredResponse, r.simulatedTurnaround, r.measuredTurnaround, r.expectedCpuMs,
            r.measuredCpuMs, r.simulatedShare, r.measuredShare, 100.0 * r.shareDeviation());
        text += line;
    }
    const Summary& sim = report.simulated.summary;
    const Summary& real = report.measured.summary;
    const double unitUs = report.unitMs * 1000.0;
    text += "average turnaround sim " + formatFixed2(sim.averageTurnaround()) + " / real " +
            formatFixed2(real.averageTurnaround() / unitUs) + ", average waiting sim " +
            formatFixed2(sim.averageWaiting()) + " / real " +
            formatFixed2(real.averageWaiting() / unitUs) + ", largest share deviation " +
            formatFixed2(100.0 * maxShareDeviation(rows)) + "%\n";
    if (explain) {
        text += "\nmeasured decisions (times in ticks):\n";
        for (const Event& event : report.measured.events)
            text += "  t=" + formatFixed2(ticks(report, event.time)) +
                    (isDecision(event.kind) ? " > " : "   ") + describe(event, workload) + '\n';
    }
    return text;
}

std::string realJson(const real::RealReport& report, const Workload& workload, bool explain) {
    Json object = Json::parse(resultToJson(report.simulated, workload, ExportOptions{explain, -1}));
    const std::vector<real::JobComparison> rows = real::compareToSimulation(report);
    Json real{{"unit_ms", report.unitMs},
              {"cpu", report.cpu ? Json(*report.cpu) : Json(nullptr)},
              {"pinning_problem",
               report.pinningProblem.empty() ? Json(nullptr) : Json(report.pinningProblem)},
              {"supervisor", report.priorityNote}};
    Json schedule = Json::array();
    for (const real::RunStretch& run : report.runs)
        schedule.push_back(
            Json{{"start", roundedLikePrintf(ticks(report, run.start), 3)},
                 {"end", roundedLikePrintf(ticks(report, run.end), 3)},
                 {"job", workload.jobs[run.job].name},
                 {"cpu_ms", roundedLikePrintf(static_cast<double>(run.cpuNs) / 1e6, 3)}});
    real["schedule"] = std::move(schedule);
    Json jobs = Json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const real::JobComparison& r = rows[i];
        jobs.push_back(Json{{"name", workload.jobs[i].name},
                            {"finish", roundedLikePrintf(r.measuredFinish, 3)},
                            {"response", roundedLikePrintf(r.measuredResponse, 3)},
                            {"turnaround", roundedLikePrintf(r.measuredTurnaround, 3)},
                            {"waiting", roundedLikePrintf(r.measuredWaiting, 3)},
                            {"cpu_ms", roundedLikePrintf(r.measuredCpuMs, 3)},
                            {"expected_cpu_ms", roundedLikePrintf(r.expectedCpuMs, 3)},
                            {"share", roundedLikePrintf(r.measuredShare, 4)},
                            {"simulated_share", roundedLikePrintf(r.simulatedShare, 4)},
                            {"share_deviation", roundedLikePrintf(r.shareDeviation(), 4)}});
    }
    real["jobs"] = std::move(jobs);
    const Summary& measured = report.measured.summary;
    const double unitUs = report.unitMs * 1000.0;
    real["average"] =
        Json{{"response", roundedLikePrintf(measured.averageResponse() / unitUs, 2)},
             {"turnaround", roundedLikePrintf(measured.averageTurnaround() / unitUs, 2)},
             {"waiting", roundedLikePrintf(measured.averageWaiting() / unitUs, 2)}};
    real["context_switches"] = measured.contextSwitches;
    real["max_share_deviation"] = roundedLikePrintf(maxShareDeviation(rows), 4);
    object["real"] = std::move(real);
    return object.dump(2);
}

std::string realCsv(const real::RealReport& report, const Workload& workload) {
    std::string out = "job,arrival,length,sim_finish,real_finish,sim_response,real_response,"
                      "sim_turnaround,real_turnaround,sim_waiting,real_waiting,expected_cpu_ms,"
                      "real_cpu_ms,sim_share,real_share\n";
    const std::vector<real::JobComparison> rows = real::compareToSimulation(report);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const real::JobComparison& r = rows[i];
        const JobMetrics& m = report.simulated.jobs[i];
        out += csvCell(workload.jobs[i].name) + ',' + std::to_string(m.arrival) + ',' +
               std::to_string(m.length);
        for (double value :
             {r.simulatedFinish, r.measuredFinish, r.simulatedResponse, r.measuredResponse,
              r.simulatedTurnaround, r.measuredTurnaround, r.simulatedWaiting, r.measuredWaiting,
              r.expectedCpuMs, r.measuredCpuMs})
            out += ',' + formatFixed(value, 3);
        out +=
            ',' + formatFixed(r.simulatedShare, 4) + ',' + formatFixed(r.measuredShare, 4) + '\n';
    }
    return out;
}

} // namespace proclab::app
