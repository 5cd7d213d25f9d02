#pragma once
// Everything that shapes a run besides the jobs: the policy, its parameters and the conventions
// on which textbooks and tools disagree. Each convention is a named setting with a documented
// default (docs/scheduling.md); every export lists the effective values.

#include "engine/sched/policy_kind.h"
#include "engine/sched/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proclab::sched {

enum class PriorityOrder : unsigned char {
    LowerFirst,  // priority 0 beats priority 1 (default, as Silberschatz)
    HigherFirst, // priority 9 beats priority 1
};

struct MlfqSettings {
    // Per level, from the highest level to the lowest, like mlfq.py's -Q and -A lists.
    std::vector<Time> quanta{10, 10, 10};
    std::vector<int> allotments{1, 1, 1}; // quanta a job may use at a level before it moves down
    Time boostPeriod = 0;                 // every B ticks all jobs return to the top; 0: never
    bool stayAfterIo = false;             // -S: issuing I/O resets quantum and allotment
    bool ioToFront = false;               // -I: a job back from I/O goes to the front of its queue
};

struct Settings {
    PolicyKind policy = PolicyKind::Fcfs;
    Time quantum = 0; // RR, priority-rr, lottery, stride; 0: the default of 1 (scheduler.py -q)
    // Whether a job that becomes ready at the instant a quantum expires is queued before the
    // preempted job. Unset: true, except for MLFQ where mlfq.py requeues the preempted job first.
    std::optional<bool> arrivalBeforePreempted;
    PriorityOrder priorityOrder = PriorityOrder::LowerFirst;
    Time switchCost = 0;    // ticks lost at each switch between two different jobs
    Time agingInterval = 0; // priority, ppriority: one step more important per N ticks waited
    Time ioTime = 5;        // I/O length for jobs with ioEvery and no ioTime (mlfq.py -i)
    MlfqSettings mlfq;
    std::uint64_t seed = 0;     // lottery draws
    Time cfsLatency = 48;       // CFS target latency (sched_latency)
    Time cfsMinGranularity = 6; // CFS shortest slice
};

Time effectiveQuantum(const Settings& settings);
bool effectiveArrivalBeforePreempted(const Settings& settings);
std::string_view priorityOrderName(PriorityOrder order);

// Applies `--setting NAME=VALUE`. Returns an error message (one line) if the name is unknown or
// the value is not allowed.
std::optional<std::string> applySetting(Settings& settings, std::string_view name,
                                        std::string_view value);

// The names accepted by applySetting, for help texts and error messages.
std::vector<std::string_view> settingNames();

// The effective settings of a run as name/value pairs, in a fixed order, restricted to those that
// matter for its policy. Used by every export so that a result always says how it was made.
struct SettingEntry {
    enum class Type : unsigned char { Boolean, Integer, Text, IntegerList };
    std::string name;
    Type type = Type::Integer;
    std::string text;               // Boolean: "true"/"false"; Text: the value
    std::int64_t integer = 0;       // Integer
    std::vector<std::int64_t> list; // IntegerList
};
std::vector<SettingEntry> describeSettings(const Settings& settings);

} // namespace proclab::sched
