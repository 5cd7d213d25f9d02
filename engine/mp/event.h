#pragma once
// multiprocessing.Event: a flag processes can wait for.

#include <cstdint>
#include <source_location>
#include <string>

namespace proclab::mp {

class Event {
public:
    explicit Event(std::string name = {},
                   std::source_location where = std::source_location::current());

    void set(std::source_location where = std::source_location::current());
    void clear(std::source_location where = std::source_location::current());
    bool is_set(std::source_location where = std::source_location::current());
    // Waits until the flag is set, at most `timeout` seconds (negative: forever);
    // returns the flag, as Python does.
    bool wait(double timeout = -1, std::source_location where = std::source_location::current());
    uint32_t id() const { return id_; }

private:
    uint32_t id_;
};

} // namespace proclab::mp
