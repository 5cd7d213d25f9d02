#include "engine/sched/policies/mlfq_policy.h"

#include <algorithm>
#include <cassert>

namespace proclab::sched {

MlfqPolicy::MlfqPolicy(const JobTable& jobs, const MlfqSettings& settings, EventSink& events)
    : settings_(settings), events_(events), top_(static_cast<int>(settings.quanta.size()) - 1),
      queues_(jobs.size(), settings.quanta.size(),
              JobLevel{settings.quanta.front(), top_, settings.allotments.front(), 0}),
      nextBoost_(settings.boostPeriod > 0 ? settings.boostPeriod : kNever) {}

Time MlfqPolicy::quantum(int level) const {
    return settings_.quanta[static_cast<std::size_t>(top_ - level)];
}

int MlfqPolicy::allotment(int level) const {
    return settings_.allotments[static_cast<std::size_t>(top_ - level)];
}

void MlfqPolicy::enterLevel(JobId job, int level) {
    JobLevel& s = state(job);
    s.level = level;
    s.ticksLeft = quantum(level);
    s.allotLeft = allotment(level);
}

void MlfqPolicy::refresh(JobId job) {
    if (state(job).epoch == boostEpoch_)
        return;
    state(job).epoch = boostEpoch_;
    enterLevel(job, top_);
}

int MlfqPolicy::levelOf(JobId job) const {
    return state(job).epoch == boostEpoch_ ? state(job).level : top_;
}

void MlfqPolicy::admit(JobId job, ReadyCause cause, Time /*now*/) {
    refresh(job);
    // Arrivals always join at the back; only I/O completions may jump to the front (-I).
    if (cause == ReadyCause::IoDone && settings_.ioToFront)
        queues_.pushFront(static_cast<std::size_t>(state(job).level), job);
    else
        queues_.pushBack(static_cast<std::size_t>(state(job).level), job);
    ++queued_;
}

void MlfqPolicy::expire(JobId job, Time now) {
    refresh(job);
    [[maybe_unused]] const JobId head =
        queues_.popFront(static_cast<std::size_t>(state(job).level));
    assert(head == job);
    --queued_;
    useUpQuantum(job, now);
}

void MlfqPolicy::requeue(JobId job, Time /*now*/) {
    refresh(job);
    queues_.pushBack(static_cast<std::size_t>(state(job).level), job);
    ++queued_;
}

void MlfqPolicy::leave(JobId job, LeaveCause cause, Time now) {
    refresh(job);
    [[maybe_unused]] const JobId head =
        queues_.popFront(static_cast<std::size_t>(state(job).level));
    assert(head == job);
    --queued_;
    if (cause == LeaveCause::Finished)
        return;
    JobLevel& s = state(job);
    const bool quantumUsedUp = s.ticksLeft <= 0;
    if (settings_.stayAfterIo) {
        s.ticksLeft = quantum(s.level);
        s.allotLeft = allotment(s.level);
    }
    if (quantumUsedUp)
        useUpQuantum(job, now);
}

void MlfqPolicy::useUpQuantum(JobId job, Time now) {
    JobLevel& s = state(job);
    const int level = s.level;
    if (--s.allotLeft > 0) {
        s.ticksLeft = quantum(level);
        return;
    }
    if (level == 0) {
        enterLevel(job, 0);
        return;
    }
    enterLevel(job, level - 1);
    events_.note(Event::fact(now, EventKind::Demoted, job, {level - 1, 1}, {level, 1}));
}

void MlfqPolicy::charge(JobId job, Time held) {
    refresh(job);
    state(job).ticksLeft -= held;
}

Time MlfqPolicy::sliceLeft(JobId job) const {
    return state(job).epoch == boostEpoch_ ? state(job).ticksLeft : quantum(top_);
}

Time MlfqPolicy::sliceLength(JobId job) const {
    return quantum(levelOf(job));
}

int MlfqPolicy::highestNonEmpty() const {
    for (int level = top_; level >= 0; --level)
        if (!queues_.empty(static_cast<std::size_t>(level)))
            return level;
    return -1;
}

Choice MlfqPolicy::choose(JobId running, Time /*now*/) {
    const int level = highestNonEmpty();
    if (level < 0)
        return Choice{};
    const JobId head = queues_.front(static_cast<std::size_t>(level));
    const Quantity levelValue{level, 1};
    if (head == running)
        return Choice::of(running, Rule::HighestLevel, levelValue);
    if (running != kNoJob) // the running job stays where it is, at the head of its own queue
        return Choice::of(head, Rule::HighestLevel, levelValue)
            .against(running, {levelOf(running), 1});
    return Choice::of(head, queued_ == 1 ? Rule::OnlyReady : Rule::HighestLevel, levelValue);
}

Time MlfqPolicy::nextTimer(Time /*now*/, Time horizon, bool idle) const {
    if (nextBoost_ == kNever || !idle || horizon == kNever)
        return nextBoost_;
    // With nothing to run, all boosts up to the next arrival act as one: take the last of them.
    const Time period = settings_.boostPeriod;
    return std::max(nextBoost_, horizon / period * period);
}

void MlfqPolicy::onTimer(Time now) {
    for (int level = 0; level < top_; ++level)
        queues_.moveAllToBack(static_cast<std::size_t>(level), static_cast<std::size_t>(top_));
    ++boostEpoch_;
    nextBoost_ = (now / settings_.boostPeriod + 1) * settings_.boostPeriod;
    events_.note(Event::fact(now, EventKind::Boosted, kNoJob, {top_, 1}));
}

void MlfqPolicy::snapshot(QueueHistory& out, JobId running) const {
    for (int level = top_; level >= 0; --level) {
        out.addLevel(level);
        queues_.forEach(static_cast<std::size_t>(level), [&](JobId job) {
            if (job != running)
                out.addJob(job);
        });
    }
}

} // namespace proclab::sched
