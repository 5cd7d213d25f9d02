#include "engine/sched/explain.h"

#include "engine/sched/number_format.h"

namespace proclab::sched {

namespace {

std::string nameOf(JobId job, const Workload& workload) {
    if (job == kNoJob || job >= workload.jobs.size())
        return "?";
    return workload.jobs[job].name;
}

// The compared quantity as a noun phrase: "remaining 3", "priority 2", ...
std::string measure(Rule rule, Quantity value) {
    const std::string number = formatQuantity(value);
    switch (rule) {
    case Rule::ShortestBurst: return "next burst " + number;
    case Rule::ShortestRemaining: return "remaining " + number;
    case Rule::BestPriority: return "priority " + number;
    case Rule::HighestResponseRatio: return "response ratio " + number;
    case Rule::HighestLevel: return "level " + number;
    case Rule::LowestPass: return "pass " + number;
    case Rule::LowestVruntime: return "vruntime " + number;
    case Rule::LotteryDraw: return "ticket " + number;
    case Rule::None:
    case Rule::OnlyReady:
    case Rule::QueueOrder: break;
    }
    return number;
}

// "<", "=" or ">" between two exact quantities, as the numbers stand (the rule decides what
// is better: a smaller remaining time, a larger ratio, a smaller or larger priority).
std::string_view relation(Quantity left, Quantity right) {
    __extension__ using Wide = __int128;
    const Wide a = static_cast<Wide>(left.numerator) * right.denominator;
    const Wide b = static_cast<Wide>(right.numerator) * left.denominator;
    return a < b ? "<" : (a > b ? ">" : "=");
}

std::string tieNote(TieBreak tie) {
    switch (tie) {
    case TieBreak::EarlierArrival: return " (tie broken by earlier arrival)";
    case TieBreak::ListOrder: return " (tie broken by list order)";
    case TieBreak::None: break;
    }
    return {};
}

std::string superlative(Rule rule) {
    switch (rule) {
    case Rule::BestPriority: return "best ";
    case Rule::HighestResponseRatio: return "highest ";
    default: return "lowest ";
    }
}

std::string dispatchReason(const Event& event, const Workload& workload) {
    switch (event.rule) {
    case Rule::None: return "chosen";
    case Rule::OnlyReady: return "it is the only ready job";
    case Rule::QueueOrder: return "first in the ready queue";
    case Rule::LotteryDraw:
        return "it holds winning ticket " + std::to_string(event.value.numerator) + " of " +
               std::to_string(event.value.denominator);
    case Rule::HighestLevel:
        return "head of the highest non-empty queue (level " + formatQuantity(event.value) + ")";
    case Rule::ShortestBurst:
    case Rule::ShortestRemaining:
    case Rule::BestPriority:
    case Rule::HighestResponseRatio:
    case Rule::LowestPass:
    case Rule::LowestVruntime: break;
    }
    std::string text = superlative(event.rule) + measure(event.rule, event.value);
    if (event.other != kNoJob)
        text += " (next: " + nameOf(event.other, workload) + " with " +
                formatQuantity(event.otherValue) + ")";
    return text + tieNote(event.tie);
}

} // namespace

std::string formatQuantity(Quantity quantity) {
    if (quantity.denominator == 1)
        return std::to_string(quantity.numerator);
    return formatFixed2(static_cast<double>(quantity.numerator) /
                        static_cast<double>(quantity.denominator));
}

std::string_view ruleName(Rule rule) {
    switch (rule) {
    case Rule::None: return "none";
    case Rule::OnlyReady: return "only-ready";
    case Rule::QueueOrder: return "queue-order";
    case Rule::ShortestBurst: return "shortest-burst";
    case Rule::ShortestRemaining: return "shortest-remaining";
    case Rule::BestPriority: return "best-priority";
    case Rule::HighestResponseRatio: return "highest-response-ratio";
    case Rule::HighestLevel: return "highest-level";
    case Rule::LotteryDraw: return "lottery-draw";
    case Rule::LowestPass: return "lowest-pass";
    case Rule::LowestVruntime: return "lowest-vruntime";
    }
    return "?";
}

std::string_view eventKindName(EventKind kind) {
    switch (kind) {
    case EventKind::Arrived: return "arrived";
    case EventKind::IoStarted: return "io-started";
    case EventKind::IoFinished: return "io-finished";
    case EventKind::Finished: return "finished";
    case EventKind::QuantumExpired: return "quantum-expired";
    case EventKind::Requeued: return "requeued";
    case EventKind::Demoted: return "demoted";
    case EventKind::Boosted: return "boosted";
    case EventKind::Dispatched: return "dispatched";
    case EventKind::Preempted: return "preempted";
    case EventKind::Continued: return "continued";
    case EventKind::Kept: return "kept";
    case EventKind::Idle: return "idle";
    }
    return "?";
}

std::string describe(const Event& event, const Workload& workload) {
    const std::string job = nameOf(event.job, workload);
    const std::string other = nameOf(event.other, workload);
    switch (event.kind) {
    case EventKind::Arrived: return job + " arrives";
    case EventKind::IoStarted: return job + " starts I/O for " + formatQuantity(event.value);
    case EventKind::IoFinished: return job + " finishes I/O and is ready";
    case EventKind::Finished: return job + " finishes";
    case EventKind::QuantumExpired:
        return job + " used its quantum of " + formatQuantity(event.value);
    case EventKind::Requeued:
        if (event.value.numerator == 1)
            return job + " is requeued behind the jobs that became ready at the same instant "
                         "(arrival-before-preempted=true)";
        return job + " is requeued ahead of the jobs that become ready at the same instant "
                     "(arrival-before-preempted=false)";
    case EventKind::Demoted:
        return job + " moves down from level " + formatQuantity(event.otherValue) + " to level " +
               formatQuantity(event.value) + ": allotment used up";
    case EventKind::Boosted: return "priority boost: every job moves to the top level";
    case EventKind::Dispatched: return job + " runs: " + dispatchReason(event, workload);
    case EventKind::Preempted:
        if (event.rule == Rule::HighestLevel && event.value.numerator == event.otherValue.numerator)
            return job + " preempts " + other + ": it was put at the front of level " +
                   formatQuantity(event.value);
        return job + " preempts " + other + ": " + measure(event.rule, event.value) + " " +
               std::string(relation(event.value, event.otherValue)) + " " +
               formatQuantity(event.otherValue);
    case EventKind::Continued:
        if (event.rule == Rule::OnlyReady || event.rule == Rule::None)
            return job + " continues: no other job is ready";
        return job + " continues: " + dispatchReason(event, workload);
    case EventKind::Kept: {
        const std::string_view sign = relation(event.value, event.otherValue);
        return job + " keeps the CPU: " + measure(event.rule, event.value) + " " +
               std::string(sign) + " " + other + "'s " + formatQuantity(event.otherValue) +
               (sign == "=" ? " (a tie does not preempt)" : "");
    }
    case EventKind::Idle: return "CPU idle: no job is ready";
    }
    return "?";
}

} // namespace proclab::sched
