#pragma once
// English wording of events and decisions, e.g. "P2 preempts P1: remaining 3 < 5". The GUI words
// the same structured events through its own translations; this is the CLI's and the tests'.

#include "engine/sched/event.h"
#include "engine/sched/workload.h"

#include <string>

namespace proclab::sched {

std::string describe(const Event& event, const Workload& workload);
std::string formatQuantity(Quantity quantity);
std::string_view ruleName(Rule rule);
std::string_view eventKindName(EventKind kind);

} // namespace proclab::sched
