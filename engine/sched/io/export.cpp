#include "engine/sched/io/export.h"

#include "engine/sched/explain.h"
#include "engine/sched/io/csv.h"
#include "engine/sched/number_format.h"

#include <nlohmann/json.hpp>

namespace proclab::sched {

namespace {

using Json = nlohmann::ordered_json;

Json settingsJson(const Settings& settings) {
    Json object = Json::object();
    for (const SettingEntry& entry : describeSettings(settings)) {
        switch (entry.type) {
        case SettingEntry::Type::Boolean: object[entry.name] = entry.text == "true"; break;
        case SettingEntry::Type::Integer: object[entry.name] = entry.integer; break;
        case SettingEntry::Type::Text: object[entry.name] = entry.text; break;
        case SettingEntry::Type::IntegerList: object[entry.name] = entry.list; break;
        }
    }
    return object;
}

Json jobName(JobId job, const Workload& workload) {
    return job == kNoJob ? Json(nullptr) : Json(workload.jobs[job].name);
}

Json scheduleJson(const Result& result, const Workload& workload) {
    Json schedule = Json::array();
    for (const Segment& segment : result.schedule) {
        Json entry{{"start", segment.start},
                   {"end", segment.end},
                   {"job", segment.kind == SegmentKind::Run ? jobName(segment.job, workload)
                                                            : Json(nullptr)}};
        if (segment.kind == SegmentKind::Switch)
            entry["switch"] = true;
        schedule.push_back(std::move(entry));
    }
    return schedule;
}

Json jobsJson(const Result& result, const Workload& workload) {
    Json jobs = Json::array();
    for (std::size_t i = 0; i < result.jobs.size(); ++i) {
        const JobMetrics& metrics = result.jobs[i];
        jobs.push_back(Json{{"name", workload.jobs[i].name},
                            {"arrival", metrics.arrival},
                            {"length", metrics.length},
                            {"response", metrics.response()},
                            {"turnaround", metrics.turnaround()},
                            {"waiting", metrics.waiting()},
                            {"finish", metrics.finish}});
    }
    return jobs;
}

Json explainJson(const Result& result, const Workload& workload) {
    Json events = Json::array();
    for (const Event& event : result.events)
        events.push_back(Json{{"time", event.time},
                              {"event", eventKindName(event.kind)},
                              {"job", jobName(event.job, workload)},
                              {"other", jobName(event.other, workload)},
                              {"rule", ruleName(event.rule)},
                              {"decision", isDecision(event.kind)},
                              {"text", describe(event, workload)}});
    return events;
}

Json resultObject(const Result& result, const Workload& workload, const ExportOptions& options) {
    const Summary& summary = result.summary;
    Json object{
        {"policy", policyName(result.settings.policy)},
        {"settings", settingsJson(result.settings)},
        {"schedule", scheduleJson(result, workload)},
        {"jobs", jobsJson(result, workload)},
        {"average", Json{{"response", roundedLikePrintf(summary.averageResponse(), 2)},
                         {"turnaround", roundedLikePrintf(summary.averageTurnaround(), 2)},
                         {"waiting", roundedLikePrintf(summary.averageWaiting(), 2)}}},
        {"throughput", roundedLikePrintf(summary.throughput(), 4)},
        {"utilization", roundedLikePrintf(summary.utilization(), 4)},
        {"context_switches", summary.contextSwitches},
    };
    if (options.explain)
        object["explain"] = explainJson(result, workload);
    return object;
}

} // namespace

std::string resultToJson(const Result& result, const Workload& workload,
                         const ExportOptions& options) {
    return resultObject(result, workload, options).dump(options.indent);
}

std::string resultsToJson(std::span<const Result> results, const Workload& workload,
                          const ExportOptions& options) {
    Json array = Json::array();
    for (const Result& result : results)
        array.push_back(resultObject(result, workload, options));
    return array.dump(options.indent);
}

std::string resultsToCsv(std::span<const Result> results, const Workload& workload) {
    std::string out = "policy,kind,job,arrival,length,finish,response,turnaround,waiting\n";
    for (const Result& result : results) {
        const std::string policy(policyName(result.settings.policy));
        for (std::size_t i = 0; i < result.jobs.size(); ++i) {
            const JobMetrics& m = result.jobs[i];
            out += policy + ",job," + csvCell(workload.jobs[i].name) + ',' +
                   std::to_string(m.arrival) + ',' + std::to_string(m.length) + ',' +
                   std::to_string(m.finish) + ',' + std::to_string(m.response()) + ',' +
                   std::to_string(m.turnaround()) + ',' + std::to_string(m.waiting()) + '\n';
        }
        const Summary& s = result.summary;
        out += policy + ",average,,,,," + formatFixed2(s.averageResponse()) + ',' +
               formatFixed2(s.averageTurnaround()) + ',' + formatFixed2(s.averageWaiting()) + '\n';
    }
    return out;
}

} // namespace proclab::sched
