#pragma once
// pidfd system calls. Debian 12's glibc 2.36 declares them in <sys/pidfd.h> without
// extern "C", so C++ cannot link against it: call the kernel directly.

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <csignal>

namespace proclab::arena {

inline int pidfdOpen(pid_t pid) {
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

inline int pidfdSendSignal(int pidfd, int sig) {
    return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

} // namespace proclab::arena
