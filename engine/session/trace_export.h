#pragma once
// A run's trace for other tools: JSON lines (one record per line) and Chrome's
// trace-event format (opens in Perfetto): one track per process, spans for its
// states, markers for narrative lines, arrows for lock handoffs.

#include "engine/session/state_model.h"
#include "engine/trace/record.h"

#include <ostream>
#include <span>
#include <string>

namespace proclab::session {

void writeJsonLines(std::ostream& out, std::span<const trace::TraceRecord> records,
                    const StateModel& model);
void writeChromeTrace(std::ostream& out, std::span<const trace::TraceRecord> records,
                      const StateModel& model, const std::string& title);

} // namespace proclab::session
