#pragma once
// CPU time of a process from /proc/<pid>/schedstat (first field: nanoseconds on the CPU), read
// through a descriptor kept open so that a sample costs one pread (and works on a zombie).

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace proclab::sched::real {

class SchedstatReader {
public:
    SchedstatReader() = default;
    explicit SchedstatReader(pid_t pid);
    SchedstatReader(SchedstatReader&& other) noexcept;
    SchedstatReader& operator=(SchedstatReader&& other) noexcept;
    SchedstatReader(const SchedstatReader&) = delete;
    SchedstatReader& operator=(const SchedstatReader&) = delete;
    ~SchedstatReader();

    bool isOpen() const { return fd_ >= 0; }
    std::optional<std::int64_t> cpuNanoseconds() const;
    void close();

private:
    int fd_ = -1;
};

} // namespace proclab::sched::real
