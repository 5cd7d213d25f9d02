#include "engine/sched/settings.h"

#include "engine/sched/limits.h"

#include <charconv>

namespace proclab::sched {

namespace {

std::optional<std::int64_t> parseInteger(std::string_view text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end)
        return std::nullopt;
    return value;
}

std::optional<std::string> setTime(Time& target, std::string_view name, std::string_view value,
                                   Time lowest, Time highest) {
    const auto parsed = parseInteger(value);
    if (!parsed || *parsed < lowest || *parsed > highest)
        return "setting " + std::string(name) + ": expected an integer from " +
               std::to_string(lowest) + " to " + std::to_string(highest) + ", got '" +
               std::string(value) + "'";
    target = *parsed;
    return std::nullopt;
}

SettingEntry boolean(std::string name, bool value) {
    SettingEntry entry{std::move(name), SettingEntry::Type::Boolean, {}, 0, {}};
    entry.text = value ? "true" : "false";
    return entry;
}

SettingEntry integer(std::string name, std::int64_t value) {
    return SettingEntry{std::move(name), SettingEntry::Type::Integer, {}, value, {}};
}

SettingEntry text(std::string name, std::string_view value) {
    return SettingEntry{std::move(name), SettingEntry::Type::Text, std::string(value), 0, {}};
}

template <typename T> SettingEntry list(std::string name, const std::vector<T>& values) {
    SettingEntry entry{std::move(name), SettingEntry::Type::IntegerList, {}, 0, {}};
    entry.list.assign(values.begin(), values.end());
    return entry;
}

} // namespace

Time effectiveQuantum(const Settings& settings) {
    return settings.quantum > 0 ? settings.quantum : 1;
}

bool effectiveArrivalBeforePreempted(const Settings& settings) {
    if (settings.arrivalBeforePreempted)
        return *settings.arrivalBeforePreempted;
    return settings.policy != PolicyKind::Mlfq;
}

std::string_view priorityOrderName(PriorityOrder order) {
    return order == PriorityOrder::LowerFirst ? "lower-first" : "higher-first";
}

std::vector<std::string_view> settingNames() {
    return {"arrival-before-preempted", "priority-order", "switch-cost", "aging", "cfs-latency",
            "cfs-min-granularity"};
}

std::optional<std::string> applySetting(Settings& settings, std::string_view name,
                                        std::string_view value) {
    if (name == "arrival-before-preempted") {
        if (value != "true" && value != "false")
            return "setting arrival-before-preempted: expected true or false, got '" +
                   std::string(value) + "'";
        settings.arrivalBeforePreempted = value == "true";
        return std::nullopt;
    }
    if (name == "priority-order") {
        if (value == "lower-first")
            settings.priorityOrder = PriorityOrder::LowerFirst;
        else if (value == "higher-first")
            settings.priorityOrder = PriorityOrder::HigherFirst;
        else
            return "setting priority-order: expected lower-first or higher-first, got '" +
                   std::string(value) + "'";
        return std::nullopt;
    }
    if (name == "switch-cost")
        return setTime(settings.switchCost, name, value, 0, limits::kMaxDuration);
    if (name == "aging")
        return setTime(settings.agingInterval, name, value, 0, limits::kMaxDuration);
    if (name == "cfs-latency")
        return setTime(settings.cfsLatency, name, value, 1, limits::kMaxDuration);
    if (name == "cfs-min-granularity")
        return setTime(settings.cfsMinGranularity, name, value, 1, limits::kMaxDuration);
    std::string known;
    for (std::string_view candidate : settingNames())
        known += (known.empty() ? "" : ", ") + std::string(candidate);
    return "unknown setting '" + std::string(name) + "' (known: " + known + ")";
}

std::vector<SettingEntry> describeSettings(const Settings& settings) {
    std::vector<SettingEntry> entries;
    entries.push_back(
        boolean("arrival-before-preempted", effectiveArrivalBeforePreempted(settings)));
    entries.push_back(text("priority-order", priorityOrderName(settings.priorityOrder)));
    entries.push_back(integer("switch-cost", settings.switchCost));
    entries.push_back(text("tie-break", "earlier-arrival,list-order"));
    const PolicyKind policy = settings.policy;
    if (usesQuantum(policy))
        entries.push_back(integer("quantum", effectiveQuantum(settings)));
    if (policy == PolicyKind::Priority || policy == PolicyKind::PreemptivePriority)
        entries.push_back(integer("aging", settings.agingInterval));
    if (policy == PolicyKind::Mlfq) {
        const MlfqSettings& mlfq = settings.mlfq;
        entries.push_back(integer("levels", static_cast<std::int64_t>(mlfq.quanta.size())));
        entries.push_back(list("quanta", mlfq.quanta));
        entries.push_back(list("allotments", mlfq.allotments));
        entries.push_back(integer("boost", mlfq.boostPeriod));
        entries.push_back(boolean("stay", mlfq.stayAfterIo));
        entries.push_back(boolean("io-front", mlfq.ioToFront));
    }
    entries.push_back(integer("io-time", settings.ioTime));
    if (policy == PolicyKind::Lottery)
        entries.push_back(integer("seed", static_cast<std::int64_t>(settings.seed)));
    if (policy == PolicyKind::Cfs) {
        entries.push_back(integer("cfs-latency", settings.cfsLatency));
        entries.push_back(integer("cfs-min-granularity", settings.cfsMinGranularity));
    }
    return entries;
}

} // namespace proclab::sched
