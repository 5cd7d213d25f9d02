#pragma once
// Multilevel feedback queue with the rules of OSTEP's mlfq.py. Levels are numbered as there:
// the top level is levels-1, the bottom level 0.
//  - The head of the highest non-empty queue runs. The running job stays at the head of its
//    queue, so a job preempted by a higher level (or by an I/O completion put in front of it)
//    resumes first at its level, with the rest of its quantum.
//  - A used-up quantum costs one unit of allotment; with none left the job moves down a level
//    (fresh quantum and allotment there), otherwise it goes to the back with a fresh quantum.
//  - Without "stay", a job keeps its partly used quantum and allotment across I/O; with it,
//    issuing I/O resets both at its level (and a quantum that ran out at that very tick still
//    costs one allotment, as in mlfq.py).
//  - A boost moves the lower queues, lowest first, behind the top queue, and gives every
//    unfinished job (running, waiting, in I/O, not yet arrived) the top level with a fresh
//    quantum and allotment. It is applied lazily through an epoch counter, so it costs O(levels).

#include "engine/sched/job_queues.h"
#include "engine/sched/policy.h"

namespace proclab::sched {

class MlfqPolicy final : public Policy {
public:
    MlfqPolicy(const JobTable& jobs, const MlfqSettings& settings, EventSink& events);

    void admit(JobId job, ReadyCause cause, Time now) override;
    void expire(JobId job, Time now) override;
    void requeue(JobId job, Time now) override;
    void leave(JobId job, LeaveCause cause, Time now) override;
    void charge(JobId job, Time held) override;
    Choice choose(JobId running, Time now) override;
    Time sliceLeft(JobId job) const override;
    Time sliceLength(JobId job) const override;
    Time nextTimer(Time now, Time horizon, bool idle) const override;
    void onTimer(Time now) override;
    bool hasReady() const override { return queued_ > 0; }
    void snapshot(QueueHistory& out, JobId running) const override;

    int levelOf(JobId job) const;

private:
    Time quantum(int level) const;
    int allotment(int level) const;
    // Brings a job's level, quantum and allotment up to date with the boosts since it was last
    // touched.
    void refresh(JobId job);
    void enterLevel(JobId job, int level);
    // The job used up a whole quantum: charge its allotment, moving it down when none is left.
    void useUpQuantum(JobId job, Time now);
    int highestNonEmpty() const;

    // A job's place in the feedback: stored in its queue node (one cache miss for both).
    struct JobLevel {
        Time ticksLeft; // of the current quantum
        int level;
        int allotLeft;       // quanta left at this level
        std::uint32_t epoch; // boosts seen; older than boostEpoch_ means "back at the top"
    };

    JobLevel& state(JobId job) { return queues_.extra(job); }
    const JobLevel& state(JobId job) const { return queues_.extra(job); }

    const MlfqSettings& settings_;
    EventSink& events_;
    int top_;
    JobQueues<JobLevel> queues_; // indexed by level
    std::size_t queued_ = 0;
    std::uint32_t boostEpoch_ = 0;
    Time nextBoost_;
};

} // namespace proclab::sched
