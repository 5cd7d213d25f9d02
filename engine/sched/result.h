#pragma once
// The output of a run: the schedule, per-job metrics, summary figures, and on request the
// decision log and the ready queue after every event.

#include "engine/sched/event.h"
#include "engine/sched/queue_history.h"
#include "engine/sched/settings.h"
#include "engine/sched/types.h"

#include <cstdint>
#include <vector>

namespace proclab::sched {

enum class SegmentKind : unsigned char { Run, Idle, Switch };

// A stretch of CPU time; adjacent stretches of the same kind and job are merged.
struct Segment {
    Time start = 0;
    Time end = 0;
    JobId job = kNoJob; // Run only
    SegmentKind kind = SegmentKind::Idle;
};

struct IoPeriod {
    Time start = 0;
    Time end = 0;
    JobId job = kNoJob;
};

struct JobMetrics {
    Time arrival = 0;
    Time length = 0;   // CPU demand
    Time io = 0;       // total time in I/O
    Time firstRun = 0; // first instant on the CPU
    Time finish = 0;
    Time response() const { return firstRun - arrival; }
    Time turnaround() const { return finish - arrival; }
    // Ready but not running: neither on the CPU nor in I/O (switch time counts as waiting).
    Time waiting() const { return turnaround() - length - io; }
};

struct Summary {
    Time start = 0; // first arrival
    Time end = 0;   // last completion
    Time busy = 0;  // ticks a job ran
    Time idle = 0;
    Time switching = 0;
    std::int64_t responseSum = 0;
    std::int64_t turnaroundSum = 0;
    std::int64_t waitingSum = 0;
    std::uint64_t contextSwitches = 0; // dispatches of a job other than the one that ran last
    std::size_t jobs = 0;

    double averageResponse() const;
    double averageTurnaround() const;
    double averageWaiting() const;
    double throughput() const;  // jobs per tick over [start, end]
    double utilization() const; // busy / (end - start), 0..1
};

struct RecordOptions {
    bool schedule = true; // segments and I/O periods
    bool events = true;   // the decision log
    bool queues = false;  // the ready queue(s) after every event (costly for big workloads)
};

struct Result {
    Settings settings; // as given; see describeSettings() for the effective values
    std::vector<Segment> schedule;
    std::vector<IoPeriod> io;
    std::vector<JobMetrics> jobs;
    Summary summary;
    std::vector<Event> events;
    QueueHistory queues;
};

} // namespace proclab::sched
