#include "engine/session/trace_export.h"

#include <nlohmann/json.hpp>

#include <map>

namespace proclab::session {
namespace {

using json = nlohmann::ordered_json;

std::string payloadText(std::span<const trace::TraceRecord> records, std::size_t i,
                        std::size_t offset, std::size_t bytes) {
    return {reinterpret_cast<const char*>(&records[i + 1]) + offset, bytes};
}

double micros(uint64_t ns, uint64_t origin) {
    return static_cast<double>(ns - origin) / 1000.0;
}

} // namespace

void writeJsonLines(std::ostream& out, std::span<const trace::TraceRecord> records,
                    const StateModel& model) {
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        const auto op = static_cast<trace::Op>(r.op);
        json line = {{"t_ns", r.timeNs},
                     {"pid", r.pid},
                     {"op", trace::opName(op)},
                     {"phase", trace::phaseName(static_cast<trace::Phase>(r.phase))},
                     {"arg", r.arg}};
        if (r.object != arena::kNone && trace::payloadRecordsOf(r) == 0) {
            line["object"] = r.object;
            line["object_name"] = model.objectName(r.object);
        }
        if (r.file != 0xFFFF) {
            line["file"] = model.fileName(r.file);
            line["line"] = r.line;
        }
        if ((r.flags & trace::kFlagHost) != 0)
            line["by_host"] = true;
        if ((r.flags & trace::kFlagHandoff) != 0)
            line["handoff"] = true;
        if ((r.flags & trace::kFlagTimeout) != 0)
            line["timeout"] = true;
        if (op == trace::Op::Say || op == trace::Op::Error) {
            const auto arg = static_cast<uint64_t>(r.arg);
            line["zh"] = payloadText(records, i, 0, arg >> 32);
            line["en"] = payloadText(records, i, arg >> 32, arg & 0xFFFFFFFFu);
            line.erase("arg");
        } else if (op == trace::Op::Outcome || op == trace::Op::Invariant) {
            line["name"] = payloadText(records, i, 0, r.object);
        }
        out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        i += trace::payloadRecordsOf(r);
    }
}

void writeChromeTrace(std::ostream& out, std::span<const trace::TraceRecord> records,
                      const StateModel& model, const std::string& title) {
    const uint64_t origin = model.firstNs();
    json events = json::array();
    events.push_back(
        {{"ph", "M"}, {"name", "process_name"}, {"pid", 1}, {"args", {{"name", title}}}});
    int order = 0;
    for (const ProcessInfo& p : model.processes()) {
        const std::string name =
            (p.name.empty() ? std::string("process") : p.name) + " (" + std::to_string(p.pid) + ")";
        events.push_back({{"ph", "M"},
                          {"name", "thread_name"},
                          {"pid", 1},
                          {"tid", p.pid},
                          {"args", {{"name", name}}}});
        events.push_back({{"ph", "M"},
                          {"name", "thread_sort_index"},
                          {"pid", 1},
                          {"tid", p.pid},
                          {"args", {{"sort_index", order++}}}});
    }
    // One span per state interval: blocked and sleeping time stand out.
    for (const Interval& interval : model.timeline()) {
        if (interval.state == ProcState::New || interval.endNs == 0)
            continue;
        std::string name(procStateName(interval.state));
        if (interval.state == ProcState::Blocked && interval.object != arena::kNone)
            name += " on " + model.objectName(interval.object);
        events.push_back({{"ph", "X"},
                          {"name", name},
                          {"cat", procStateName(interval.state)},
                          {"pid", 1},
                          {"tid", interval.pid},
                          {"ts", micros(interval.beginNs, origin)},
                          {"dur", micros(interval.endNs, interval.beginNs)}});
    }
    // Lock handoffs: an arrow from the releaser to the next owner's acquire.
    std::map<uint32_t, std::pair<int, uint64_t>> pendingHandoff; // object -> releaser, flow id
    uint64_t flowId = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        const auto op = static_cast<trace::Op>(r.op);
        const double ts = micros(std::max(r.timeNs, origin), origin);
        if (op == trace::Op::Say || op == trace::Op::Error) {
            const auto arg = static_cast<uint64_t>(r.arg);
            events.push_back({{"ph", "i"},
                              {"s", "t"},
                              {"name", payloadText(records, i, arg >> 32, arg & 0xFFFFFFFFu)},
                              {"cat", "narrative"},
                              {"pid", 1},
                              {"tid", r.pid},
                              {"ts", ts},
                              {"args", {{"zh", payloadText(records, i, 0, arg >> 32)}}}});
        } else if ((r.flags & trace::kFlagHandoff) != 0 && op == trace::Op::Release) {
            const uint64_t id = ++flowId;
            pendingHandoff[r.object] = {r.pid, id};
            const std::string name = "handoff of " + model.objectName(r.object);
            events.push_back({{"ph", "i"},
                              {"s", "t"},
                              {"name", name},
                              {"cat", "handoff"},
                              {"pid", 1},
                              {"tid", r.pid},
                              {"ts", ts}});
            events.push_back({{"ph", "s"},
                              {"id", id},
                              {"name", name},
                              {"cat", "handoff"},
                              {"pid", 1},
                              {"tid", r.pid},
                              {"ts", ts}});
        } else if (op == trace::Op::Acquire && r.phase == static_cast<uint8_t>(trace::Phase::End)) {
            const auto it = pendingHandoff.find(r.object);
            if (it != pendingHandoff.end()) {
                events.push_back({{"ph", "f"},
                                  {"bp", "e"},
                                  {"id", it->second.second},
                                  {"name", "handoff of " + model.objectName(r.object)},
                                  {"cat", "handoff"},
                                  {"pid", 1},
                                  {"tid", r.pid},
                                  {"ts", ts}});
                pendingHandoff.erase(it);
            }
        }
        i += trace::payloadRecordsOf(r);
    }
    json document = {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
    out << document.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

} // namespace proclab::session
