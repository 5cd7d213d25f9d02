#include "engine/sched/engine.h"

#include "engine/sched/large_arrays.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace proclab::sched {

namespace {

// The shortest time a job may run before the policy decides again, if the policy has slices.
Time shortestSlice(const Settings& settings) {
    switch (settings.policy) {
    case PolicyKind::RoundRobin:
    case PolicyKind::PriorityRoundRobin:
    case PolicyKind::Lottery:
    case PolicyKind::Stride: return effectiveQuantum(settings);
    case PolicyKind::Mlfq:
        return settings.mlfq.quanta.empty()
                   ? 1
                   : *std::min_element(settings.mlfq.quanta.begin(), settings.mlfq.quanta.end());
    case PolicyKind::Cfs: return settings.cfsMinGranularity;
    default: return kNever;
    }
}

// A decision as recorded: the job it concerns, the one it was compared with, and why.
Event decisionEvent(Time now, EventKind kind, const Choice& choice, JobId job, JobId other) {
    Event event = Event::fact(now, kind, job, choice.value, choice.rivalValue);
    event.rule = choice.rule;
    event.tie = choice.tie;
    event.other = other;
    return event;
}

Time totalCpu(const BurstPlan& plan) {
    Time total = 0;
    for (std::size_t i = 0; i < plan.cpuBurstCount(); ++i)
        total += plan.cpuBurst(i);
    return total;
}

// Only HRRN and aging look at how long a job has been ready.
bool needsReadySince(const Settings& settings) {
    const bool aging =
        settings.agingInterval > 0 && (settings.policy == PolicyKind::Priority ||
                                       settings.policy == PolicyKind::PreemptivePriority);
    return aging || settings.policy == PolicyKind::Hrrn;
}

} // namespace

Engine::Engine(const Workload& workload, const Settings& settings, const RecordOptions& record,
               Machine& machine)
    : workload_(workload), settings_(settings), record_(record), machine_(machine),
      jobs_(workload, settings.ioTime, needsReadySince(settings)),
      policy_(makePolicy(settings_, jobs_, *this)),
      newcomersFirst_(effectiveArrivalBeforePreempted(settings)) {}

Engine::~Engine() = default;

Result Engine::run() {
    const std::size_t count = workload_.jobs.size();
    result_.settings = settings_;
    result_.jobs = largeArray<JobMetrics>(count);
    // Segments: about one per slice and burst; reserving more than needed costs nothing.
    const Time slice = std::max<Time>(1, shortestSlice(settings_));
    std::size_t segments = count + 16;
    for (JobId job = 0; job < count; ++job) {
        JobMetrics& metrics = result_.jobs[job];
        metrics.arrival = jobs_.arrival(job);
        const BurstPlan plan = jobs_.plan(job);
        metrics.length = plan.cpuBurstCount() == 1 ? plan.cpuBurst(0) : totalCpu(plan);
        segments += plan.cpuBurstCount() + static_cast<std::size_t>(metrics.length / slice);
    }
    // Jobs are usually listed in arrival order; only otherwise is an order array needed.
    const auto byArrival = [&](JobId a, JobId b) { return arrivesBefore(jobs_, a, b); };
    bool sorted = true;
    for (JobId job = 1; job < count && sorted; ++job)
        sorted = !byArrival(job, job - 1);
    if (!sorted) {
        arrivalOrder_.resize(count);
        std::iota(arrivalOrder_.begin(), arrivalOrder_.end(), JobId{0});
        std::sort(arrivalOrder_.begin(), arrivalOrder_.end(), byArrival);
    }
    if (record_.schedule)
        reserveLarge(result_.schedule, segments + segments / 4);
    if (count == 0)
        return std::move(result_);

    now_ = jobs_.arrival(arrivingJob(0));
    result_.summary.start = now_;
    machine_.begin(now_);
    for (;;) {
        processInstant();
        if (finished_ == count)
            break;
        const Time until = nextInstant();
        if (until == kNever || until <= now_)
            throw std::logic_error("scheduling engine: no next instant");
        const JobId job = jobOnCpu();
        account(machine_.advance(now_, until, job, job == kNoJob ? 0 : jobs_.burstLeft(job)));
    }
    finishResult();
    return std::move(result_);
}

JobId Engine::jobOnCpu() const {
    return running_ != kNoJob && runStarted_ && !switching() ? running_ : kNoJob;
}

JobId Engine::arrivingJob(std::size_t position) const {
    return arrivalOrder_.empty() ? static_cast<JobId>(position) : arrivalOrder_[position];
}

Time Engine::nextArrivalTime() const {
    return nextArrival_ < workload_.jobs.size() ? jobs_.arrival(arrivingJob(nextArrival_)) : kNever;
}

Time Engine::nextInstant() const {
    const Time horizon = std::min(nextArrivalTime(), io_.empty() ? kNever : io_.top().time);
    Time until = horizon;
    if (switching()) {
        until = std::min(until, switchUntil_);
    } else if (running_ != kNoJob) {
        const Time slice = awaitingBurstEnd_ == running_ ? kNever : policy_->sliceLeft(running_);
        const Time run = std::max<Time>(1, std::min(jobs_.burstLeft(running_), slice));
        until = std::min(until, now_ + run);
    }
    const bool idle = running_ == kNoJob && !policy_->hasReady();
    return std::min(until, policy_->nextTimer(now_, horizon, idle));
}

void Engine::account(const Progress& progress) {
    const Time held = progress.reached - now_;
    const JobId job = jobOnCpu();
    if (job != kNoJob) {
        // Real mode may measure the burst as done a little before the job itself says so; then
        // the engine waits for the job (its slice does not expire meanwhile), however long the
        // machine keeps it from the CPU.
        const Time left = jobs_.burstLeft(job) - progress.cpu;
        if (progress.burstEnded)
            awaitingBurstEnd_ = kNoJob;
        else if (left <= 0)
            awaitingBurstEnd_ = job;
        jobs_.setBurstLeft(job, progress.burstEnded ? 0 : std::max<Time>(1, left));
        // Slices are charged in CPU received, as kernels account runtime (same as `held` when
        // simulated; in real mode the supervisor's own overhead is not charged to the job).
        policy_->charge(job, progress.cpu);
        result_.summary.busy += held;
    } else if (switching()) {
        result_.summary.switching += held;
    } else {
        result_.summary.idle += held;
    }
    now_ = progress.reached;
}

void Engine::processInstant() {
    admittedNow_ = false;
    JobId expired = kNoJob;
    if (running_ != kNoJob && runStarted_ && !switching()) {
        if (jobs_.burstLeft(running_) == 0) {
            endBurst(running_);
        } else if (awaitingBurstEnd_ != running_ && policy_->sliceLeft(running_) <= 0) {
            expired = running_;
            running_ = kNoJob;
            record(Event::fact(now_, EventKind::QuantumExpired, expired,
                               {policy_->sliceLength(expired), 1}));
            policy_->expire(expired, now_);
            jobs_.setReadySince(expired, now_);
            if (!newcomersFirst_)
                requeueExpired(expired, newcomersPending());
        }
    }
    if (finished_ == workload_.jobs.size())
        return;
    // A policy timer due at this instant (an MLFQ boost) acts before its arrivals.
    if (policy_->nextTimer(now_ - 1, kNever, false) <= now_)
        policy_->onTimer(now_);
    // Arrivals first, then I/O completions (as mlfq.py), then the job whose slice ended if
    // newcomers go before it.
    while (nextArrival_ < workload_.jobs.size() && nextArrivalTime() <= now_)
        admit(arrivingJob(nextArrival_++), ReadyCause::Arrival);
    while (!io_.empty() && io_.top().time <= now_) {
        const JobId job = io_.top().job;
        io_.pop();
        admit(job, ReadyCause::IoDone);
    }
    if (expired != kNoJob && newcomersFirst_)
        requeueExpired(expired, admittedNow_);
    if (switching())
        return; // a context switch in progress is not interrupted
    decide(expired);
    const JobId onCpu = jobOnCpu();
    if (onCpu != machineJob_) {
        machine_.switchTo(machineJob_, onCpu);
        machineJob_ = onCpu;
    }
}

void Engine::endBurst(JobId job) {
    running_ = kNoJob;
    if (machineJob_ == job)
        machineJob_ = kNoJob;
    // Without any I/O in the workload every burst is a job's last: no need to look at the job.
    if (!jobs_.anyIo() || ++jobs_.burstIndex(job) == jobs_.plan(job).cpuBurstCount()) {
        ++finished_;
        result_.jobs[job].finish = now_;
        record(Event::fact(now_, EventKind::Finished, job));
        policy_->leave(job, LeaveCause::Finished, now_);
        machine_.finished(job);
        return;
    }
    const BurstPlan plan = jobs_.plan(job);
    const std::uint32_t index = jobs_.burstIndex(job);
    const Time io = plan.ioAfter(index - 1);
    result_.jobs[job].io += io;
    io_.push(IoCompletion{now_ + io, ioSequence_++, job});
    jobs_.setBurstLeft(job, plan.cpuBurst(index));
    if (record_.schedule)
        result_.io.push_back(IoPeriod{now_, now_ + io, job});
    record(Event::fact(now_, EventKind::IoStarted, job, {io, 1}));
    policy_->leave(job, LeaveCause::Blocked, now_);
    machine_.blocked(job);
}

void Engine::admit(JobId job, ReadyCause cause) {
    jobs_.setReadySince(job, now_);
    if (cause == ReadyCause::Arrival)
        machine_.arrived(job);
    policy_->admit(job, cause, now_);
    admittedNow_ = true;
    const EventKind kind =
        cause == ReadyCause::Arrival ? EventKind::Arrived : EventKind::IoFinished;
    record(Event::fact(now_, kind, job));
}

bool Engine::newcomersPending() const {
    return nextArrivalTime() <= now_ || (!io_.empty() && io_.top().time <= now_);
}

void Engine::requeueExpired(JobId job, bool besideNewcomers) {
    policy_->requeue(job, now_);
    // Only a tie with newcomers makes the convention visible; say which one applied.
    if (besideNewcomers)
        record(Event::fact(now_, EventKind::Requeued, job, {newcomersFirst_ ? 1 : 0, 1}));
}

void Engine::decide(JobId expired) {
    const Choice choice = policy_->choose(running_, now_);
    if (choice.job != kNoJob && choice.job == running_) {
        if (admittedNow_ && choice.rival != kNoJob)
            record(decisionEvent(now_, EventKind::Kept, choice, running_, choice.rival));
        if (!runStarted_)
            startRunning();
        return;
    }
    const bool preempted = running_ != kNoJob;
    if (preempted) {
        // The policy has already put the preempted job back among the ready ones; the record
        // (and its queue snapshot) shows the newcomer on the CPU.
        const JobId loser = running_;
        jobs_.setReadySince(loser, now_);
        running_ = choice.job;
        record(decisionEvent(now_, EventKind::Preempted, choice, choice.job, loser));
    }
    if (choice.job == kNoJob) {
        if (!idleRecorded_)
            record(Event::fact(now_, EventKind::Idle, kNoJob));
        idleRecorded_ = true;
        setCpu(SegmentKind::Idle, kNoJob);
        return;
    }
    idleRecorded_ = false;
    dispatch(choice, choice.job == expired, preempted);
}

void Engine::dispatch(const Choice& choice, bool continued, bool afterPreemption) {
    const JobId job = choice.job;
    running_ = job;
    if (!afterPreemption)
        record(decisionEvent(now_, continued ? EventKind::Continued : EventKind::Dispatched, choice,
                             job, choice.rival));
    const bool contextSwitch = lastRan_ != kNoJob && lastRan_ != job;
    lastRan_ = job;
    if (contextSwitch) {
        ++result_.summary.contextSwitches;
        if (settings_.switchCost > 0) {
            switchUntil_ = now_ + settings_.switchCost;
            runStarted_ = false;
            setCpu(SegmentKind::Switch, kNoJob);
            return;
        }
    }
    switchUntil_ = now_;
    startRunning();
}

void Engine::startRunning() {
    runStarted_ = true;
    if (jobs_.firstRun(running_) < 0)
        jobs_.setFirstRun(running_, now_);
    setCpu(SegmentKind::Run, running_);
}

void Engine::setCpu(SegmentKind kind, JobId job) {
    if (!record_.schedule)
        return;
    if (segmentOpen_ && openSegment_.kind == kind && openSegment_.job == job)
        return;
    closeSegment();
    openSegment_ = Segment{now_, now_, job, kind};
    segmentOpen_ = true;
}

void Engine::closeSegment() {
    if (!segmentOpen_)
        return;
    segmentOpen_ = false;
    openSegment_.end = now_;
    if (openSegment_.end == openSegment_.start)
        return;
    std::vector<Segment>& schedule = result_.schedule;
    if (!schedule.empty() && schedule.back().end == openSegment_.start &&
        schedule.back().kind == openSegment_.kind && schedule.back().job == openSegment_.job)
        schedule.back().end = openSegment_.end;
    else
        schedule.push_back(openSegment_);
}

void Engine::record(const Event& event) {
    if (record_.events)
        result_.events.push_back(event);
    if (record_.queues) {
        result_.queues.begin(now_, eventCount_, running_);
        policy_->snapshot(result_.queues, running_);
    }
    ++eventCount_;
}

void Engine::finishResult() {
    closeSegment();
    Summary& summary = result_.summary;
    summary.end = now_;
    summary.jobs = result_.jobs.size();
    for (JobId job = 0; job < result_.jobs.size(); ++job)
        result_.jobs[job].firstRun = jobs_.firstRun(job);
    for (const JobMetrics& metrics : result_.jobs) {
        summary.responseSum += metrics.response();
        summary.turnaroundSum += metrics.turnaround();
        summary.waitingSum += metrics.waiting();
    }
}

} // namespace proclab::sched
