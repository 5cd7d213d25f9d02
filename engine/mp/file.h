#pragma once
// A real file that lesson processes share, e.g. the tutorial's ticket database `db`.
// Reads and writes are step points, and the arena mirrors the content for viewers.
// write() is Python's `json.dump(dic, open('db', 'w'))`: the open truncates the file
// first and the text is written after, so another process can read it empty in
// between — the second race of the ticket lesson. replace() is the fix: write a
// temporary file, then rename it over the old one.

#include <cstdint>
#include <source_location>
#include <string>

namespace proclab::mp {

class File {
public:
    // Creates (or truncates) `path` with `initial` content.
    File(std::string path, const std::string& initial, std::string name = {},
         std::source_location where = std::source_location::current());

    std::string read(std::source_location where = std::source_location::current());
    // Two step points: truncate, then write.
    void write(const std::string& text,
               std::source_location where = std::source_location::current());
    // One step point: the new content appears at once (write a temp file, rename it).
    void replace(const std::string& text,
                 std::source_location where = std::source_location::current());

    const std::string& path() const { return path_; }
    uint32_t id() const { return id_; }

private:
    std::string path_;
    uint32_t id_;
};

} // namespace proclab::mp
