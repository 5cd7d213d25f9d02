#pragma once
// The scheduling policies and their command-line names.

#include <optional>
#include <span>
#include <string_view>

namespace proclab::sched {

enum class PolicyKind : unsigned char {
    Fcfs,
    Sjf,  // shortest job first, non-preemptive (shortest next CPU burst)
    Srtf, // shortest remaining time first (preemptive SJF)
    RoundRobin,
    Priority, // non-preemptive
    PreemptivePriority,
    PriorityRoundRobin, // highest priority first, round robin among equals
    Hrrn,               // highest response ratio next
    Mlfq,
    Lottery,
    Stride,
    Cfs,
};

std::span<const PolicyKind> allPolicies();
std::string_view policyName(PolicyKind policy);
std::optional<PolicyKind> parsePolicy(std::string_view name);

// Whether the policy uses Settings::quantum (MLFQ has its own per-level quanta).
bool usesQuantum(PolicyKind policy);
bool usesPriority(PolicyKind policy);

} // namespace proclab::sched
