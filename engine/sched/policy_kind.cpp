#include "engine/sched/policy_kind.h"

#include <array>

namespace proclab::sched {

namespace {

constexpr std::array kPolicies{
    PolicyKind::Fcfs,
    PolicyKind::Sjf,
    PolicyKind::Srtf,
    PolicyKind::RoundRobin,
    PolicyKind::Priority,
    PolicyKind::PreemptivePriority,
    PolicyKind::PriorityRoundRobin,
    PolicyKind::Hrrn,
    PolicyKind::Mlfq,
    PolicyKind::Lottery,
    PolicyKind::Stride,
    PolicyKind::Cfs,
};

} // namespace

std::span<const PolicyKind> allPolicies() {
    return kPolicies;
}

std::string_view policyName(PolicyKind policy) {
    switch (policy) {
    case PolicyKind::Fcfs: return "fcfs";
    case PolicyKind::Sjf: return "sjf";
    case PolicyKind::Srtf: return "srtf";
    case PolicyKind::RoundRobin: return "rr";
    case PolicyKind::Priority: return "priority";
    case PolicyKind::PreemptivePriority: return "ppriority";
    case PolicyKind::PriorityRoundRobin: return "priority-rr";
    case PolicyKind::Hrrn: return "hrrn";
    case PolicyKind::Mlfq: return "mlfq";
    case PolicyKind::Lottery: return "lottery";
    case PolicyKind::Stride: return "stride";
    case PolicyKind::Cfs: return "cfs";
    }
    return "?";
}

std::optional<PolicyKind> parsePolicy(std::string_view name) {
    for (PolicyKind policy : kPolicies)
        if (policyName(policy) == name)
            return policy;
    return std::nullopt;
}

bool usesQuantum(PolicyKind policy) {
    return policy == PolicyKind::RoundRobin || policy == PolicyKind::PriorityRoundRobin ||
           policy == PolicyKind::Lottery || policy == PolicyKind::Stride;
}

bool usesPriority(PolicyKind policy) {
    return policy == PolicyKind::Priority || policy == PolicyKind::PreemptivePriority ||
           policy == PolicyKind::PriorityRoundRobin;
}

} // namespace proclab::sched
