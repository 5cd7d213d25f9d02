#include "engine/sched/io/csv.h"

namespace proclab::sched {

bool CsvReader::nextRecord(std::vector<std::string>& cells, std::string& error) {
    cells.clear();
    // Skip blank and comment lines.
    while (position_ < text_.size()) {
        const std::size_t end = text_.find('\n', position_);
        const std::string_view line = text_.substr(
            position_, (end == std::string_view::npos ? text_.size() : end) - position_);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos && line.front() != '#')
            break;
        position_ = end == std::string_view::npos ? text_.size() : end + 1;
        ++line_;
    }
    if (position_ >= text_.size())
        return false;
    recordLine_ = line_;
    std::string cell;
    bool quoted = false;
    for (;;) {
        if (position_ >= text_.size()) {
            if (quoted) {
                error = "CSV line " + std::to_string(recordLine_) + ": unterminated quote";
                return false;
            }
            cells.push_back(std::move(cell));
            return true;
        }
        const char c = text_[position_++];
        if (quoted) {
            if (c == '"') {
                if (position_ < text_.size() && text_[position_] == '"') {
                    cell += '"';
                    ++position_;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line_;
                cell += c;
            }
            continue;
        }
        if (c == '"' && cell.find_first_not_of(" \t") == std::string::npos) {
            cell.clear();
            quoted = true;
        } else if (c == ',') {
            cells.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\n') {
            ++line_;
            cells.push_back(std::move(cell));
            return true;
        } else if (c != '\r') {
            cell += c;
        }
    }
}

std::string csvCell(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos)
        return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

} // namespace proclab::sched
