#include "engine/mp/process.h"

#include "engine/arena/pidfd.h"
#include "engine/host/lesson_channel.h"
#include "engine/mp/detail/pipe_ends.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/errors.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace proclab::mp {
namespace detail {

Runtime& resetRuntimeForChild(); // runtime.cpp
bool nudgeHost(bool full);       // runtime.cpp

namespace {

constexpr uint64_t kJoinSliceNs = 100'000'000;

// Reaps the child if it has ended (or waits for it when `block`). True once reaped.
bool reapChild(ChildRecord& child, bool block) {
    if (child.reaped)
        return true;
    siginfo_t info{};
    if (waitid(P_PIDFD, static_cast<id_t>(child.pidfd), &info, WEXITED | (block ? 0 : WNOHANG)) !=
        0)
        return false;
    if (info.si_pid == 0)
        return false;
    child.exitCode = info.si_code == CLD_EXITED ? info.si_status : -info.si_status;
    child.reaped = true;
    close(child.pidfd);
    child.pidfd = -1;
    return true;
}

// Waits for a child to end, in slices so that a dead host is noticed. While the
// parent waits, the host grants it (granted + Running) the moment it sees the child
// die, so a stepping controller never mistakes it for blocked.
bool joinChild(ChildRecord& child, Deadline deadline, const std::source_location& where) {
    if (reapChild(child, false)) {
        emit(trace::Op::Join, trace::Phase::Instant, arena::kNone, child.pid, where);
        return true;
    }
    Runtime& r = rt();
    arena::ProcSlot& self = *r.self;
    self.granted.store(0, std::memory_order_seq_cst);
    self.joinTarget.store(child.pid, std::memory_order_seq_cst);
    emit(trace::Op::Join, trace::Phase::Blocked, arena::kNone, child.pid, where);
    self.lessonState.store(static_cast<uint32_t>(arena::LessonState::Blocked),
                           std::memory_order_seq_cst);
    armDeadline(deadline);
    notifyHostQuiescent();
    bool ended = false;
    for (;;) {
        if (reapChild(child, false)) {
            ended = true;
            break;
        }
        refreshDeadline(deadline);
        if (deadlinePassed(deadline))
            break;
        const uint64_t slice = sliceUntil(deadline, kJoinSliceNs);
        if (slice == 0)
            break;
        pollfd pfd{child.pidfd, POLLIN, 0};
        poll(&pfd, 1, static_cast<int>((slice + 999'999) / 1'000'000));
        checkHost();
    }
    disarmDeadline();
    self.joinTarget.store(0, std::memory_order_seq_cst);
    self.granted.store(0, std::memory_order_relaxed);
    wakeGate();
    setLessonState(arena::LessonState::Running);
    emit(trace::Op::Join, ended ? trace::Phase::End : trace::Phase::Fail, arena::kNone, child.pid,
         where, ended ? 0 : trace::kFlagTimeout);
    return ended;
}

} // namespace

// A child about to be signalled is as good as dead (lesson processes keep the default
// actions): say so at once, so that a stepping controller waits for the host to see
// the death instead of taking the child for blocked or firing its timer.
void markDying(const ChildRecord& child) {
    arena::ProcSlot& target = rt().arena->proc(child.slot);
    if (target.pid.load(std::memory_order_relaxed) == child.pid &&
        target.state.load(std::memory_order_acquire) ==
            static_cast<uint32_t>(arena::SlotState::Live))
        target.lessonState.store(static_cast<uint32_t>(arena::LessonState::Terminated),
                                 std::memory_order_seq_cst);
}

namespace {

void announceChild(const Runtime& r, uint32_t slot, int pid, int pidfd) {
    const host::LessonMessage message{host::LessonMessageType::ProcessStarted, slot, pid, 0};
    iovec iov{const_cast<host::LessonMessage*>(&message), sizeof message};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &pidfd, sizeof(int));
    while (sendmsg(r.channelFd, &msg, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

} // namespace

void runLessonProcess(arena::Arena* arena, uint32_t slot, const LessonFds& fds,
                      const std::function<void()>& body) {
    Runtime& r = resetRuntimeForChild();
    // Children of the parent are not ours: drop the parent's handles to them.
    for (auto& child : r.children) {
        if (child->pidfd >= 0)
            close(child->pidfd);
        child->pidfd = -1;
    }
    r.children.clear();
    r.arena = arena;
    r.slot = slot;
    r.self = &arena->proc(slot);
    r.pid = ::getpid();
    r.hostPidfd = fds.hostPidfd;
    r.channelFd = fds.channelFd;
    r.stepEventFd = fds.stepEventFd;
    r.writer = trace::RingWriter(arena, slot, &nudgeHost);
    r.daemon = (r.self->flags & arena::kFlagDaemon) != 0;
    r.childCounter = 0;
    r.lastHostCheckNs = arena::monotonicNs();
    r.self->pid.store(r.pid, std::memory_order_relaxed);
    r.self->ppid.store(::getppid(), std::memory_order_relaxed);
    r.self->lessonState.store(static_cast<uint32_t>(arena::LessonState::Running),
                              std::memory_order_relaxed);
    r.self->state.store(static_cast<uint32_t>(arena::SlotState::Live), std::memory_order_release);
    inheritPipeEnds();
    // The first step point of a new process: in step mode it waits here, visibly
    // Ready, before running any lesson code.
    const auto start = std::source_location::current();
    stepPoint(trace::Op::Start, arena::kNone, start);
    emit(trace::Op::Start, trace::Phase::End, arena::kNone, r.self->ppid.load(), start);

    int code = 0;
    try {
        body();
    } catch (const std::exception& error) {
        emitText(trace::Op::Error, error.what(), error.what(), arena::kNone,
                 std::source_location::current());
        code = host::kExitLessonError;
    } catch (...) {
        code = host::kExitLessonError;
    }
    finishProcess(code);
}

void finishProcess(int code) {
    Runtime& r = rt();
    const auto here = std::source_location::current();
    // Python's exit rules: terminate daemonic children, then join every child.
    for (auto& child : r.children) {
        if (child->daemon && !child->reaped && child->pidfd >= 0) {
            emit(trace::Op::Terminate, trace::Phase::Instant, arena::kNone, child->pid, here);
            markDying(*child);
            arena::pidfdSendSignal(child->pidfd, SIGTERM);
        }
    }
    for (auto& child : r.children)
        if (!child->reaped && child->pidfd >= 0)
            joinChild(*child, Deadline{}, here);
    closeAllPipeEnds();
    r.self->exitCode.store(code, std::memory_order_relaxed);
    emit(trace::Op::Exit, trace::Phase::Instant, arena::kNone, code, here);
    std::fflush(nullptr);
    setLessonState(arena::LessonState::Terminated);
    _exit(code);
}

} // namespace detail

using detail::rt;

Process::Process(Target target, std::string name)
    : target_(std::move(target)), name_(std::move(name)) {}
Process::Process(Process&&) noexcept = default;
Process& Process::operator=(Process&&) noexcept = default;
Process::~Process() = default;

int Process::pid() const {
    return record_ ? record_->pid : 0;
}

void Process::start(std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(trace::Op::Start, arena::kNone, where);
    if (record_)
        throw AssertionError("cannot start a process twice");
    if (r.daemon)
        throw AssertionError("daemonic processes are not allowed to have children");

    auto fail = [&](int error, const std::string& why) {
        detail::emit(trace::Op::Start, trace::Phase::Fail, arena::kNone, error, where);
        throw ProcessError("cannot start " + name_ + ": " + why, error);
    };
    arena::ArenaHeader& header = r.arena->header();
    if (header.processesStarted.fetch_add(1, std::memory_order_relaxed) >= header.maxProcesses) {
        header.processesStarted.fetch_sub(1, std::memory_order_relaxed);
        fail(EAGAIN,
             "this run may start at most " + std::to_string(header.maxProcesses) + " processes");
    }
    const uint32_t slot = r.arena->allocProc();
    if (slot == arena::kNone) {
        header.processesStarted.fetch_sub(1, std::memory_order_relaxed);
        fail(EAGAIN, "no free process slot in the arena");
    }

    const std::string identity =
        (r.identity.empty() ? std::string{} : r.identity + ":") + std::to_string(++r.childCounter);
    if (name_.empty())
        name_ = "Process-" + identity;
    arena::ProcSlot& child = r.arena->proc(slot);
    child.parentSlot = r.slot;
    child.flags = daemon ? uint32_t{arena::kFlagDaemon} : 0u;
    const std::size_t n = std::min(name_.size(), sizeof child.name - 1);
    std::memcpy(child.name, name_.data(), n);
    child.name[n] = '\0';
    const std::size_t m = std::min(identity.size(), sizeof child.identity - 1);
    std::memcpy(child.identity, identity.data(), m);
    child.identity[m] = '\0';

    std::fflush(nullptr); // or buffered output would be written by both processes
    const int pid = fork();
    if (pid < 0) {
        const int error = errno;
        child.state.store(static_cast<uint32_t>(arena::SlotState::Drained),
                          std::memory_order_release);
        header.processesStarted.fetch_sub(1, std::memory_order_relaxed);
        fail(error, std::strerror(error));
    }
    if (pid == 0) {
        r.identity = identity;
        detail::runLessonProcess(r.arena, slot, {r.hostPidfd, r.channelFd, r.stepEventFd}, target_);
    }
    // The child cannot be reaped before we have its pidfd: only we can reap it.
    const int pidfd = arena::pidfdOpen(pid);
    if (pidfd < 0) {
        // Out of file descriptors: without a pidfd nobody could watch or join the
        // child. Take it back (it is ours to reap) and report the failed start.
        const int error = errno;
        ::kill(pid, SIGKILL);
        while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        header.processesStarted.fetch_sub(1, std::memory_order_relaxed);
        fail(error,
             std::string("no file descriptor left to watch it (") + std::strerror(error) + ")");
    }
    record_ = std::make_shared<detail::ChildRecord>();
    record_->pid = pid;
    record_->pidfd = pidfd;
    record_->slot = slot;
    record_->parentPid = r.pid;
    record_->daemon = daemon;
    r.children.push_back(record_);
    child.pid.store(pid, std::memory_order_relaxed);
    detail::announceChild(r, slot, pid, pidfd);
    detail::emit(trace::Op::Start, trace::Phase::Instant, arena::kNone, pid, where);
}

bool Process::join(double timeout, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(trace::Op::Join, arena::kNone, where);
    if (!record_)
        throw AssertionError("can only join a started process");
    if (record_->parentPid != r.pid)
        throw AssertionError("can only join a child process");
    return detail::joinChild(*record_, detail::deadlineAfter(timeout), where);
}

bool Process::is_alive() {
    if (!record_ || record_->parentPid != rt().pid)
        return false;
    return !detail::reapChild(*record_, false);
}

std::optional<int> Process::exitcode() {
    if (!record_)
        return std::nullopt;
    if (record_->parentPid == rt().pid)
        detail::reapChild(*record_, false);
    return record_->reaped ? std::optional<int>(record_->exitCode) : std::nullopt;
}

void Process::signal(int sig, const std::source_location& where) {
    detail::stepPoint(sig == SIGKILL ? trace::Op::Kill : trace::Op::Terminate, arena::kNone, where);
    if (!record_ || record_->reaped || record_->pidfd < 0)
        return;
    detail::emit(sig == SIGKILL ? trace::Op::Kill : trace::Op::Terminate, trace::Phase::Instant,
                 arena::kNone, record_->pid, where);
    detail::markDying(*record_);
    arena::pidfdSendSignal(record_->pidfd, sig);
}

void Process::terminate(std::source_location where) {
    signal(SIGTERM, where);
}
void Process::kill(std::source_location where) {
    signal(SIGKILL, where);
}

ProcessInfo current_process() {
    detail::Runtime& r = rt();
    return ProcessInfo{r.self->name, r.pid, ::getppid(), r.daemon};
}

int getpid() {
    return rt().pid;
}
int getppid() {
    return ::getppid();
}

void exit_now(int code, std::source_location where) {
    detail::Runtime& r = rt();
    detail::stepPoint(trace::Op::Exit, arena::kNone, where);
    r.self->exitCode.store(code, std::memory_order_relaxed);
    detail::emit(trace::Op::Exit, trace::Phase::Instant, arena::kNone, code, where);
    std::fflush(nullptr);
    detail::setLessonState(arena::LessonState::Terminated);
    _exit(code);
}

} // namespace proclab::mp
