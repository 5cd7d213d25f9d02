#pragma once
// What happened during a run, as structured data. Decisions (who gets the CPU and why) and the
// facts that led to them share one record so that a viewer can list them in time order; the
// English wording lives in explain.h, so that a GUI can word them in any language instead.

#include "engine/sched/types.h"

#include <cstdint>
#include <span>

namespace proclab::sched {

enum class EventKind : unsigned char {
    // Facts
    Arrived,        // job entered the system
    IoStarted,      // job left the CPU for I/O; value = I/O length
    IoFinished,     // job is ready again
    Finished,       // job completed
    QuantumExpired, // job used its slice; value = slice length
    Requeued,       // the expired job rejoined the ready set at the same instant as newcomers:
                    // value 1 = behind them (arrival-before-preempted), 0 = ahead of them
    Demoted,        // MLFQ: job moved down; value = new level, otherValue = old level
    Boosted,        // MLFQ: every job went back to the top level
    // Decisions
    Dispatched, // job gets the free CPU (rule says why, other = runner-up if any)
    Preempted,  // job takes the CPU from other (rule compares value with otherValue)
    Continued,  // job's slice ended and it runs on (no one else, or the rule chose it again)
    Kept,       // a job became ready but job keeps the CPU (rule compares value, otherValue)
    Idle,       // nothing is ready: the CPU idles
};

// The rule a policy applied when it chose a job.
enum class Rule : unsigned char {
    None,
    OnlyReady,            // no other job was ready
    QueueOrder,           // first in the ready queue (FCFS, RR)
    ShortestBurst,        // SJF: value = next CPU burst
    ShortestRemaining,    // SRTF: value = remaining CPU of the burst
    BestPriority,         // value = effective priority
    HighestResponseRatio, // HRRN: value = (waiting + burst) / burst
    HighestLevel,         // MLFQ, priority-rr: value = level (MLFQ) or priority
    LotteryDraw,          // value = winning ticket / tickets in the draw
    LowestPass,           // stride: value = pass
    LowestVruntime,       // CFS: value = virtual runtime in ticks
};

// When the rule's values were equal, what decided.
enum class TieBreak : unsigned char { None, EarlierArrival, ListOrder };

// An exact number: an integer, or a fraction for response ratios, tickets and vruntime.
struct Quantity {
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;
};

struct Event {
    Time time = 0;
    EventKind kind = EventKind::Idle;
    Rule rule = Rule::None;
    TieBreak tie = TieBreak::None;
    JobId job = kNoJob;
    JobId other = kNoJob;
    Quantity value;
    Quantity otherValue;

    // A fact about one job (or none), e.g. Event::fact(t, EventKind::IoStarted, job, {3, 1}).
    static Event fact(Time time, EventKind kind, JobId job, Quantity value = {},
                      Quantity otherValue = {}) {
        Event event;
        event.time = time;
        event.kind = kind;
        event.job = job;
        event.value = value;
        event.otherValue = otherValue;
        return event;
    }
};

bool isDecision(EventKind kind);

// The last decision taken at or before `time` (what a time cursor explains), or nullptr.
const Event* lastDecisionAtOrBefore(std::span<const Event> events, Time time);

} // namespace proclab::sched
