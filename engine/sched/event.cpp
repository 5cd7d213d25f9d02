#include "engine/sched/event.h"

#include <algorithm>

namespace proclab::sched {

bool isDecision(EventKind kind) {
    return kind == EventKind::Dispatched || kind == EventKind::Preempted ||
           kind == EventKind::Continued || kind == EventKind::Kept || kind == EventKind::Idle;
}

const Event* lastDecisionAtOrBefore(std::span<const Event> events, Time time) {
    // Events are in time order: find the end of `time`, then walk back to a decision.
    auto after = std::upper_bound(events.begin(), events.end(), time,
                                  [](Time t, const Event& event) { return t < event.time; });
    while (after != events.begin()) {
        --after;
        if (isDecision(after->kind))
            return &*after;
    }
    return nullptr;
}

} // namespace proclab::sched
