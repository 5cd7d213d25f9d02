#include "engine/session/proc_sampler.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace proclab::session {
namespace {

// "pid (comm) S ppid ...": the name may hold spaces and parentheses; the state
// follows the last ')'.
bool parseStat(const char* text, std::size_t n, char& state, int& ppid) {
    const char* close = nullptr;
    for (std::size_t i = 0; i < n; ++i)
        if (text[i] == ')')
            close = text + i;
    if (close == nullptr || close + 4 > text + n)
        return false;
    state = close[2];
    ppid = std::atoi(close + 4);
    return true;
}

bool readFd(int fd, char& state, int& ppid) {
    char buffer[512];
    const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
    if (n <= 0)
        return false;
    buffer[n] = '\0';
    return parseStat(buffer, static_cast<std::size_t>(n), state, ppid);
}

} // namespace

ProcSampler::~ProcSampler() {
    for (const auto& [pid, fd] : fds_)
        close(fd);
}

bool ProcSampler::read(int pid, char& state, int& ppid) {
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = readFd(fd, state, ppid);
    close(fd);
    return ok;
}

void ProcSampler::sample(StateModel& model) {
    for (const ProcessInfo& p : model.processes()) {
        if (p.kernelState == 'X' || p.pid <= 0)
            continue;
        auto it = fds_.find(p.pid);
        if (it == fds_.end()) {
            const std::string path = "/proc/" + std::to_string(p.pid) + "/stat";
            const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                model.setKernelState(p.pid, 'X', 0);
                continue;
            }
            it = fds_.emplace(p.pid, fd).first;
        }
        char state = '?';
        int ppid = 0;
        if (readFd(it->second, state, ppid)) {
            model.setKernelState(p.pid, state, ppid);
        } else { // reaped: the kept fd now reads ESRCH
            close(it->second);
            fds_.erase(it);
            model.setKernelState(p.pid, 'X', 0);
        }
    }
}

} // namespace proclab::session
