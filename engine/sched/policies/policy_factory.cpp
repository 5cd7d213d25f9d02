#include "engine/sched/policies/cfs_policy.h"
#include "engine/sched/policies/fifo_policy.h"
#include "engine/sched/policies/hrrn_policy.h"
#include "engine/sched/policies/lottery_policy.h"
#include "engine/sched/policies/mlfq_policy.h"
#include "engine/sched/policies/priority_policy.h"
#include "engine/sched/policies/priority_rr_policy.h"
#include "engine/sched/policies/shortest_policy.h"
#include "engine/sched/policies/stride_policy.h"

namespace proclab::sched {

std::unique_ptr<Policy> makePolicy(const Settings& settings, const JobTable& jobs,
                                   EventSink& events) {
    const Time quantum = effectiveQuantum(settings);
    const PriorityOrder order = settings.priorityOrder;
    switch (settings.policy) {
    case PolicyKind::Fcfs: return std::make_unique<FifoPolicy>(jobs, kNever);
    case PolicyKind::RoundRobin: return std::make_unique<FifoPolicy>(jobs, quantum);
    case PolicyKind::Sjf: return std::make_unique<ShortestPolicy>(jobs, false);
    case PolicyKind::Srtf: return std::make_unique<ShortestPolicy>(jobs, true);
    case PolicyKind::Priority:
        return std::make_unique<PriorityPolicy>(jobs, order, false, settings.agingInterval);
    case PolicyKind::PreemptivePriority:
        return std::make_unique<PriorityPolicy>(jobs, order, true, settings.agingInterval);
    case PolicyKind::PriorityRoundRobin:
        return std::make_unique<PriorityRoundRobinPolicy>(jobs, order, quantum);
    case PolicyKind::Hrrn: return std::make_unique<HrrnPolicy>(jobs);
    case PolicyKind::Mlfq: return std::make_unique<MlfqPolicy>(jobs, settings.mlfq, events);
    case PolicyKind::Lottery: return std::make_unique<LotteryPolicy>(jobs, quantum, settings.seed);
    case PolicyKind::Stride: return std::make_unique<StridePolicy>(jobs, quantum);
    case PolicyKind::Cfs:
        return std::make_unique<CfsPolicy>(jobs, settings.cfsLatency, settings.cfsMinGranularity);
    }
    return nullptr;
}

} // namespace proclab::sched
