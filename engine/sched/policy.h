#pragma once
// The interface between the engine and a scheduling policy. The engine owns time, bursts, I/O
// and the record; the policy owns its ready set (queues, heaps, levels) and decides who runs.
//
// At every instant the engine calls, in this order: the running job's end (leave) or the end of
// its slice (expire, and requeue unless newcomers go first), the policy's timer (MLFQ boost),
// admit for each arrival then each I/O completion, the deferred requeue, and finally choose.

#include "engine/sched/event.h"
#include "engine/sched/job_table.h"
#include "engine/sched/queue_history.h"
#include "engine/sched/settings.h"

#include <memory>

namespace proclab::sched {

enum class ReadyCause : unsigned char { Arrival, IoDone };
enum class LeaveCause : unsigned char { Finished, Blocked };

// A policy's answer to "who runs now", with the reason in structured form. A default Choice
// means nobody (the CPU idles).
struct Choice {
    JobId job = kNoJob;
    Rule rule = Rule::None;
    TieBreak tie = TieBreak::None;
    JobId rival = kNoJob; // preempted job, best waiting job, or runner-up
    Quantity value;
    Quantity rivalValue;

    // Choice::of(job, rule, value).against(rival, rivalValue, tie)
    static Choice of(JobId job, Rule rule, Quantity value = {}) {
        Choice choice;
        choice.job = job;
        choice.rule = rule;
        choice.value = value;
        return choice;
    }
    Choice& against(JobId other, Quantity otherValue, TieBreak how = TieBreak::None) {
        rival = other;
        rivalValue = otherValue;
        tie = how;
        return *this;
    }
};

// Where policies report facts of their own (MLFQ demotions and boosts).
class EventSink {
public:
    virtual void note(const Event& event) = 0;

protected:
    ~EventSink() = default;
};

class Policy {
public:
    virtual ~Policy() = default;

    // A job joins the ready set: it arrived or its I/O completed.
    virtual void admit(JobId job, ReadyCause cause, Time now) = 0;
    // The running job's slice ended (it still has CPU work): it leaves the CPU...
    virtual void expire(JobId /*job*/, Time /*now*/) {}
    // ...and rejoins the ready set.
    virtual void requeue(JobId job, Time now) = 0;
    // The running job finished or started I/O.
    virtual void leave(JobId /*job*/, LeaveCause /*cause*/, Time /*now*/) {}
    // The running job held the CPU for `held` more ticks.
    virtual void charge(JobId /*job*/, Time /*held*/) {}
    // Who runs now. `running` is the job on the CPU or kNoJob. When another job is chosen, the
    // policy has already put `running` back into its ready set.
    virtual Choice choose(JobId running, Time now) = 0;
    // How much longer `job` may run before the policy wants to decide again; kNever: no limit.
    virtual Time sliceLeft(JobId /*job*/) const { return kNever; }
    // The length of the slice `job` is in (reported when it expires).
    virtual Time sliceLength(JobId /*job*/) const { return 0; }
    // The policy's own next timed event after `now` (MLFQ boost, aging). `horizon` is the next
    // arrival or I/O completion; when `idle` (nothing running or ready) timers up to it may be
    // merged.
    virtual Time nextTimer(Time /*now*/, Time /*horizon*/, bool /*idle*/) const { return kNever; }
    virtual void onTimer(Time /*now*/) {}
    virtual bool hasReady() const = 0;
    // Appends the ready queue(s), most important level first, leaving out `running`.
    virtual void snapshot(QueueHistory& out, JobId running) const = 0;
};

std::unique_ptr<Policy> makePolicy(const Settings& settings, const JobTable& jobs,
                                   EventSink& events);

// Ordering of ready jobs that tie on a policy's key: earlier arrival, then list order.
inline bool arrivesBefore(const JobTable& jobs, JobId a, JobId b) {
    if (jobs.arrival(a) != jobs.arrival(b))
        return jobs.arrival(a) < jobs.arrival(b);
    return a < b;
}

inline TieBreak tieBetween(const JobTable& jobs, JobId winner, JobId loser) {
    return jobs.arrival(winner) != jobs.arrival(loser) ? TieBreak::EarlierArrival
                                                       : TieBreak::ListOrder;
}

} // namespace proclab::sched
