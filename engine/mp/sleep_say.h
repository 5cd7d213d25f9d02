#pragma once
// time.sleep() and print() for lessons. A narrative line is written to the trace in
// both languages; the viewer (or the headless runner) shows the one it speaks.

#include <source_location>
#include <string_view>

namespace proclab::mp {

void sleep(double seconds, std::source_location where = std::source_location::current());

void say(std::string_view zh, std::string_view en,
         std::source_location where = std::source_location::current());
// A line that reads the same in both languages (numbers, pids).
inline void say(std::string_view both,
                std::source_location where = std::source_location::current()) {
    say(both, both, where);
}

} // namespace proclab::mp
