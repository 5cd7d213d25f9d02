#pragma once
// The kernel's own view of the lesson's processes: state letter (R, S, D, T, Z) and
// parent pid from /proc/<pid>/stat, read through kept-open fds (one pread each), so a
// zombie on screen is a real Z and an orphan's new parent is the real one.

#include "engine/session/state_model.h"

#include <unordered_map>

namespace proclab::session {

class ProcSampler {
public:
    ProcSampler() = default;
    ~ProcSampler();
    ProcSampler(const ProcSampler&) = delete;
    ProcSampler& operator=(const ProcSampler&) = delete;

    // Reads every process of `model` that is not known to be gone; a process whose
    // stat can no longer be read has been reaped ('X').
    void sample(StateModel& model);

    // One read, for tests and tools: false when the process does not exist.
    static bool read(int pid, char& state, int& ppid);

private:
    std::unordered_map<int, int> fds_; // pid -> fd of /proc/<pid>/stat
};

} // namespace proclab::session
