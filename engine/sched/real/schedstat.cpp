#include "engine/sched/real/schedstat.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <string>
#include <utility>

namespace proclab::sched::real {

SchedstatReader::SchedstatReader(pid_t pid) {
    const std::string path = "/proc/" + std::to_string(pid) + "/schedstat";
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
}

SchedstatReader::SchedstatReader(SchedstatReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

SchedstatReader& SchedstatReader::operator=(SchedstatReader&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

SchedstatReader::~SchedstatReader() {
    close();
}

void SchedstatReader::close() {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

std::optional<std::int64_t> SchedstatReader::cpuNanoseconds() const {
    if (fd_ < 0)
        return std::nullopt;
    char buffer[128];
    const ssize_t count = ::pread(fd_, buffer, sizeof buffer - 1, 0);
    if (count <= 0)
        return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(buffer, buffer + count, value);
    if (ec != std::errc{} || end == buffer)
        return std::nullopt;
    return value;
}

} // namespace proclab::sched::real
