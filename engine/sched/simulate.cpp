#include "engine/sched/simulate.h"

#include "engine/sched/engine.h"

namespace proclab::sched {

InvalidInput::InvalidInput(std::vector<Problem> problems)
    : std::invalid_argument(problems.empty() ? "invalid input" : problems.front().message),
      problems_(std::move(problems)) {}

Result simulate(const Workload& workload, const Settings& settings, const RecordOptions& record) {
    std::vector<Problem> problems = validate(workload, settings);
    if (!problems.empty())
        throw InvalidInput(std::move(problems));
    SimulatedMachine machine;
    Engine engine(workload, settings, record, machine);
    return engine.run();
}

std::vector<Result> compare(const Workload& workload, const Settings& settings,
                            std::span<const PolicyKind> policies, const RecordOptions& record) {
    std::vector<Result> results;
    results.reserve(policies.size());
    for (PolicyKind policy : policies) {
        Settings each = settings;
        each.policy = policy;
        results.push_back(simulate(workload, each, record));
    }
    return results;
}

} // namespace proclab::sched
