#pragma once
// The simulator's entry points: one policy, or several on the same workload for comparison.
// Pure and deterministic: the same inputs give the same Result, bit for bit.

#include "engine/sched/result.h"
#include "engine/sched/validation.h"
#include "engine/sched/workload.h"

#include <span>
#include <stdexcept>

namespace proclab::sched {

// Thrown when the workload or the settings do not pass validate(); what() is the first problem.
class InvalidInput : public std::invalid_argument {
public:
    explicit InvalidInput(std::vector<Problem> problems);
    const std::vector<Problem>& problems() const { return problems_; }

private:
    std::vector<Problem> problems_;
};

Result simulate(const Workload& workload, const Settings& settings,
                const RecordOptions& record = {});

// The same workload and settings under each policy in turn (settings.policy is replaced).
std::vector<Result> compare(const Workload& workload, const Settings& settings,
                            std::span<const PolicyKind> policies, const RecordOptions& record = {});

} // namespace proclab::sched
