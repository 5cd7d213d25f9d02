#pragma once
// What a lesson concludes, written to the trace so that the window and the command
// line read it the same way: figures of the outcome and invariants checked at the end.

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

namespace proclab::mp {

// A figure of the outcome, e.g. outcome("sold", 3).
void outcome(std::string_view name, int64_t value,
             std::source_location where = std::source_location::current());
// An invariant checked at the end, e.g. invariant("no_oversell", sold <= tickets).
// `mustHold` is false where the lesson shows it breaking (a race without a lock):
// only a broken invariant that must hold fails the run.
void invariant(std::string_view name, bool held, bool mustHold = true,
               std::source_location where = std::source_location::current());

// A directory private to this run (created by the host, removed with everything in
// it when the run ends), for files such as the ticket database.
const std::string& run_dir();

} // namespace proclab::mp
