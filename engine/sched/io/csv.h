#pragma once
// Minimal CSV (RFC 4180): comma separated, optional double quotes with "" inside, blank lines
// and lines starting with '#' skipped when reading.

#include <string>
#include <string_view>
#include <vector>

namespace proclab::sched {

class CsvReader {
public:
    explicit CsvReader(std::string_view text) : text_(text) {}
    // Reads the next record into `cells`. Returns false at the end or on an error (then `error`
    // is set).
    bool nextRecord(std::vector<std::string>& cells, std::string& error);
    std::size_t lineNumber() const { return recordLine_; }

private:
    std::string_view text_;
    std::size_t position_ = 0;
    std::size_t line_ = 1;
    std::size_t recordLine_ = 0;
};

// One CSV cell, quoted when needed.
std::string csvCell(std::string_view text);

} // namespace proclab::sched
