#include "engine/host/host.h"

#include "engine/arena/futex.h"
#include "engine/arena/pidfd.h"
#include "engine/host/lesson_channel.h"
#include "engine/mp/detail/pipe_ends.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/lock.h"
#include "engine/mp/semaphore.h"
#include "engine/trace/ring.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace proclab::host {
namespace {

constexpr uint64_t kChannelTag = ~0ull;
constexpr uint64_t kStopTag = ~0ull - 1;
constexpr uint64_t kStepTag = ~0ull - 2;
constexpr uint64_t kWatchTag = ~0ull - 3;
constexpr uint64_t kDeadlockConfirmNs = 50'000'000; // a free-running deadlock must last this long
constexpr int kIdleWaitMs = 20;                     // drain period when nothing asks for attention
constexpr int kBusyWaitMs = 2;                      // while records keep coming

[[noreturn]] void throwErrno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

int exitCodeOf(const siginfo_t& info) {
    return info.si_code == CLD_EXITED ? info.si_status : -info.si_status;
}

} // namespace

Host::Host(const HostConfig& config)
    : config_(config), arena_(arena::Arena::create(config.arena)), controller_(arena_) {
    arena::ArenaHeader& header = arena_.header();
    header.gate.mode.store(static_cast<uint32_t>(config.mode), std::memory_order_relaxed);
    header.gate.delayNs.store(config.delayNs, std::memory_order_relaxed);
    header.language.store(config.language, std::memory_order_relaxed);
    controller_.configure(config.stepPolicy, config.seed, config.replay);
    stopFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    stepFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stopFd_ < 0 || stepFd_ < 0)
        throwErrno("eventfd");
}

Host::~Host() {
    removeRunDir();
    if (stopFd_ >= 0)
        close(stopFd_);
    if (stepFd_ >= 0)
        close(stepFd_);
}

void Host::watch(int fd, std::function<void()> onReadable) {
    watchedFd_ = fd;
    onWatched_ = std::move(onReadable);
}

void Host::requestStop() {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(stopFd_, &one, sizeof one);
}

void Host::setGate(arena::GateMode mode, uint64_t delayNs) {
    arena::GateControl& gate = arena_.header().gate;
    const auto before = static_cast<arena::GateMode>(gate.mode.load());
    gate.delayNs.store(delayNs, std::memory_order_relaxed);
    gate.mode.store(static_cast<uint32_t>(mode), std::memory_order_seq_cst);
    gate.epoch.fetch_add(1, std::memory_order_release);
    arena::futexWake(gate.epoch, INT32_MAX);
    if (before == arena::GateMode::Step && mode != arena::GateMode::Step)
        control::releaseAllSteps(arena_);
}

void Host::setPaused(bool paused) {
    arena::GateControl& gate = arena_.header().gate;
    gate.paused.store(paused ? 1 : 0, std::memory_order_release);
    gate.epoch.fetch_add(1, std::memory_order_release);
    arena::futexWake(gate.epoch, INT32_MAX);
}

RunResult Host::run(const std::function<void()>& lessonMain, TraceSink* sink) {
    sink_ = sink;
    result_ = RunResult{};
    // Orphans of the lesson are re-parented to us, not to init, so we can reap them.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    // Every lesson process is watched through a pidfd (its parent's and ours): raise
    // the soft limit on open files to the hard one, inherited by the lesson.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    int channel[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, channel) != 0)
        throwErrno("socketpair");
    channelFd_ = channel[0];
    // The lesson end blocks: a ProcessStarted message must never be dropped.
    const int lessonEnd = channel[1];
    fcntl(lessonEnd, F_SETFL, fcntl(lessonEnd, F_GETFL) & ~O_NONBLOCK);
    const int selfPidfd = arena::pidfdOpen(getpid());
    if (selfPidfd < 0)
        throwErrno("pidfd_open(self)");
    epollFd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epollFd_ < 0)
        throwErrno("epoll_create1");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kChannelTag;
    epoll_ctl(epollFd_, EPOLL_CTL_ADD, channelFd_, &ev);
    ev.data.u64 = kStopTag;
    epoll_ctl(epollFd_, EPOLL_CTL_ADD, stopFd_, &ev);
    ev.data.u64 = kStepTag;
    epoll_ctl(epollFd_, EPOLL_CTL_ADD, stepFd_, &ev);
    if (watchedFd_ >= 0) {
        ev.data.u64 = kWatchTag;
        epoll_ctl(epollFd_, EPOLL_CTL_ADD, watchedFd_, &ev);
    }

    createRunDir();
    const uint32_t mainSlot = arena_.allocProc();
    arena::ProcSlot& main = arena_.proc(mainSlot);
    main.parentSlot = arena::kHostSlot;
    main.flags = arena::kFlagMain;
    std::strcpy(main.name, "MainProcess");
    std::strcpy(main.identity, "main");
    arena_.header().processesStarted.fetch_add(1, std::memory_order_relaxed);

    const pid_t hostPid = getpid();
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0)
        throwErrno("fork lesson main");
    if (pid == 0) {
        // The lesson's main process: its own process group, killed with the host.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != hostPid)
            _exit(kExitHostGone);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        close(channelFd_);
        close(epollFd_);
        close(stopFd_);
        if (watchedFd_ >= 0)
            close(watchedFd_);
        mp::detail::runLessonProcess(&arena_, mainSlot, {selfPidfd, lessonEnd, stepFd_},
                                     lessonMain);
    }
    setpgid(pid, pid); // both sides set it: whichever runs first wins the race
    pgid_ = pid;
    mainPid_ = pid;
    mainGone_ = false;
    killing_ = false;
    close(lessonEnd);
    const int mainPidfd = arena::pidfdOpen(pid);
    if (mainPidfd < 0)
        throwErrno("pidfd_open(main)");
    main.pid.store(pid, std::memory_order_relaxed);
    track(mainSlot, pid, mainPidfd);

    const uint64_t deadline =
        config_.timeoutSeconds > 0
            ? arena::monotonicNs() + static_cast<uint64_t>(config_.timeoutSeconds * 1e9)
            : 0;
    bool busy = false;
    for (;;) {
        epoll_event events[64];
        const int n = epoll_wait(epollFd_, events, 64, busy ? kBusyWaitMs : kIdleWaitMs);
        for (int i = 0; i < n; ++i) {
            const uint64_t tag = events[i].data.u64;
            if (tag == kChannelTag) {
                readChannel();
            } else if (tag == kWatchTag) {
                onWatched_();
            } else if (tag == kStepTag) {
                uint64_t count = 0;
                [[maybe_unused]] const ssize_t r = read(stepFd_, &count, sizeof count);
            } else if (tag == kStopTag) {
                uint64_t count = 0;
                [[maybe_unused]] const ssize_t r = read(stopFd_, &count, sizeof count);
                result_.stopped = true;
                killAll();
            } else {
                onProcessGone(static_cast<int>(tag));
            }
        }
        const bool childrenLeft = reapChildren();
        busy = drainAll() > 0;
        // Recoveries that met a busy guard: the drain above may have freed its holder.
        std::erase_if(pendingRecovery_,
                      [this](const Tracked& t) { return recoverFrom(t.slot, t.pid); });
        busy = busy || !pendingRecovery_.empty();
        if (!killing_)
            decide();
        if (!killing_ && deadline != 0 && arena::monotonicNs() > deadline) {
            result_.timedOut = true;
            killAll();
        }
        if (mainGone_ && tracked_.empty() && pendingRecovery_.empty() && !childrenLeft) {
            readChannel(); // a start announced at the very end
            if (tracked_.empty())
                break;
        }
    }
    while (drainAll(true) > 0) {
    }
    close(epollFd_);
    close(channelFd_);
    close(selfPidfd);
    epollFd_ = channelFd_ = -1;
    removeRunDir(); // every lesson process is gone: nothing can write there any more
    result_.processesStarted = arena_.header().processesStarted.load();
    result_.grants = controller_.granted();
    result_.replayDiverged = controller_.replayDiverged();
    return result_;
}

void Host::track(uint32_t slot, pid_t pid, int pidfd) {
    tracked_[pidfd] = Tracked{slot, pid, pidfd};
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = static_cast<uint64_t>(pidfd);
    epoll_ctl(epollFd_, EPOLL_CTL_ADD, pidfd, &ev);
    if (killing_)
        arena::pidfdSendSignal(pidfd, SIGKILL);
}

void Host::readChannel() {
    for (;;) {
        LessonMessage message{};
        iovec iov{&message, sizeof message};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = recvmsg(channelFd_, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n <= 0)
            return;
        int fd = -1;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
                std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
        if (message.type == LessonMessageType::ProcessStarted && fd >= 0)
            track(message.slot, message.pid, fd);
        else if (fd >= 0)
            close(fd);
        // RingFilling needs nothing more: the loop drains right after this.
    }
}

void Host::onProcessGone(int pidfd) {
    auto it = tracked_.find(pidfd);
    if (it == tracked_.end())
        return;
    const Tracked gone = it->second;
    tracked_.erase(it);
    epoll_ctl(epollFd_, EPOLL_CTL_DEL, pidfd, nullptr);
    // Ours to reap when it is the main process or an adopted orphan.
    siginfo_t info{};
    if (waitid(P_PIDFD, static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG) == 0 &&
        info.si_pid != 0)
        noteReaped(info.si_pid, exitCodeOf(info));
    close(pidfd);
    if (!recoverFrom(gone.slot, gone.pid))
        pendingRecovery_.push_back(gone);
    if (gone.pid == mainPid_)
        mainGone_ = true;
}

bool Host::recoverFrom(uint32_t slot, pid_t pid) {
    arena::ProcSlot& proc = arena_.proc(slot);
    bool complete = true;
    // A lock or permit still held by the dead is handed on, with an "owner died" event.
    // Guards are only tried: a busy one is tried again on the next pass.
    const uint32_t objects = arena_.objectCount();
    for (uint32_t id = 0; id < objects; ++id) {
        arena::ObjectSlot& obj = arena_.object(id);
        const auto kind = static_cast<arena::ObjectKind>(obj.kind.load(std::memory_order_acquire));
        int released = 0;
        if (kind == arena::ObjectKind::Lock || kind == arena::ObjectKind::RLock) {
            if ((obj.lockWord.load(std::memory_order_acquire) & 0x7FFFFFFFu) == slot + 1)
                released = mp::detail::releaseForDeadOwner(arena_, id, slot);
        } else if (kind == arena::ObjectKind::Semaphore ||
                   kind == arena::ObjectKind::BoundedSemaphore) {
            bool holds = false;
            for (const auto& holder : obj.holders)
                holds = holds || holder.slot == slot;
            if (holds)
                released = mp::detail::releasePermitsOfDead(arena_, id, slot);
        }
        if (released < 0)
            complete = false;
        if (released > 0) {
            ++result_.ownerDied;
            emitHost(trace::Op::OwnerDied, id, pid);
        }
    }
    if (proc.waitObject != arena::kNone) {
        mp::detail::ObjectGuard guard(arena_, proc.waitObject, mp::detail::ObjectGuard::TryOnly{});
        if (guard.owns())
            guard.remove(slot);
        else
            complete = false;
    }
    complete = mp::detail::dropPipeEndsOfDead(arena_, slot) && complete;
    // Its parent may be waiting in join: grant it, as a primitive would, so that it
    // counts as about to run until it has seen the death itself.
    if (proc.parentSlot < arena_.procSlots()) {
        arena::ProcSlot& parent = arena_.proc(proc.parentSlot);
        if (parent.joinTarget.load(std::memory_order_seq_cst) == pid) {
            parent.granted.store(1, std::memory_order_seq_cst);
            parent.lessonState.store(static_cast<uint32_t>(arena::LessonState::Running),
                                     std::memory_order_seq_cst);
            arena::futexWake(parent.granted, 1);
        }
    }
    if (!complete)
        return false;
    proc.lessonState.store(static_cast<uint32_t>(arena::LessonState::Terminated),
                           std::memory_order_relaxed);
    proc.state.store(static_cast<uint32_t>(arena::SlotState::Exited), std::memory_order_release);
    return true;
}

bool Host::reapChildren() {
    for (;;) {
        siginfo_t info{};
        if (waitid(P_PGID, static_cast<id_t>(pgid_), &info, WEXITED | WNOHANG) != 0)
            return false; // ECHILD: no child of ours is left in the lesson's group
        if (info.si_pid == 0)
            return true;
        noteReaped(info.si_pid, exitCodeOf(info));
    }
}

void Host::noteReaped(pid_t pid, int status) {
    if (pid == mainPid_)
        result_.mainExitCode = status;
    emitHost(trace::Op::Reaped, arena::kNone, (int64_t{pid} << 32) | static_cast<uint32_t>(status));
}

void Host::emitHost(trace::Op op, uint32_t object, int64_t arg) {
    // The host is the only writer and the only reader of its own ring: make room by
    // draining it first rather than waiting on itself.
    arena::ProcSlot& self = arena_.proc(arena::kHostSlot);
    const uint64_t capacity = arena_.header().ringCapacity;
    if (hostRingHead_ - self.ringTail.load(std::memory_order_relaxed) >= capacity)
        drainAll();
    arena_.ring(arena::kHostSlot)[hostRingHead_ & (capacity - 1)] =
        trace::TraceRecord{arena::monotonicNs(),
                           getpid(),
                           object,
                           static_cast<uint16_t>(op),
                           static_cast<uint8_t>(trace::Phase::Instant),
                           trace::kFlagHost,
                           0,
                           0xFFFF,
                           arg};
    self.ringHead.store(++hostRingHead_, std::memory_order_release);
}

std::size_t Host::drainAll(bool flush) {
    // Records newer than the moment the drain began are held back for the next
    // batch: another ring, read later in this pass, could still hold older ones.
    const uint64_t cut = flush ? ~0ull : arena::monotonicNs();
    batch_.clear();
    units_.clear();
    runStarts_.clear();
    if (sink_ != nullptr && !carry_.empty()) {
        batch_.swap(carry_);
        carry_.clear();
        addUnits(0);
    }
    std::size_t drained = 0;
    const uint32_t high = arena_.header().procHighWater.load(std::memory_order_acquire);
    for (uint32_t slot = 0; slot < high; ++slot) {
        arena::ProcSlot& proc = arena_.proc(slot);
        const std::size_t before = batch_.size();
        drained += trace::drainRing(arena_, slot, batch_);
        if (sink_ != nullptr && batch_.size() > before)
            addUnits(before);
        if (proc.state.load(std::memory_order_acquire) ==
                static_cast<uint32_t>(arena::SlotState::Exited) &&
            !trace::ringHasRecords(arena_, slot))
            proc.state.store(static_cast<uint32_t>(arena::SlotState::Drained),
                             std::memory_order_release);
    }
    result_.records += drained;
    if (sink_ == nullptr) {
        batch_.clear();
        return drained;
    }
    // Each ring is already in time order: merge the runs pairwise.
    runStarts_.push_back(units_.size());
    auto byTime = [](const Unit& a, const Unit& b) { return a.time < b.time; };
    const std::size_t runs = runStarts_.size() - 1;
    for (std::size_t width = 1; width < runs; width *= 2) {
        for (std::size_t i = 0; i + width < runs; i += 2 * width) {
            const std::size_t end = std::min(i + 2 * width, runs);
            std::inplace_merge(units_.begin() + static_cast<std::ptrdiff_t>(runStarts_[i]),
                               units_.begin() + static_cast<std::ptrdiff_t>(runStarts_[i + width]),
                               units_.begin() + static_cast<std::ptrdiff_t>(runStarts_[end]),
                               byTime);
        }
    }
    ordered_.clear();
    for (const Unit& unit : units_) {
        auto& out = unit.time < cut ? ordered_ : carry_;
        out.insert(out.end(), batch_.begin() + unit.begin,
                   batch_.begin() + unit.begin + unit.count);
    }
    if (!ordered_.empty())
        sink_->consume(ordered_);
    return drained;
}

void Host::addUnits(std::size_t from) {
    // One unit per record, or per text record with its payload records.
    runStarts_.push_back(units_.size());
    for (std::size_t i = from; i < batch_.size();) {
        const uint32_t count = 1 + trace::payloadRecordsOf(batch_[i]);
        units_.push_back(Unit{batch_[i].timeNs, static_cast<uint32_t>(i), count});
        i += count;
    }
}

void Host::createRunDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/proclab-run-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr)
        throwErrno("mkdtemp");
    runDir_ = pattern;
    arena::ArenaHeader& header = arena_.header();
    std::snprintf(header.runDir, sizeof header.runDir, "%s", runDir_.c_str());
}

void Host::removeRunDir() {
    if (runDir_.empty())
        return;
    std::error_code ignored;
    std::filesystem::remove_all(runDir_, ignored);
    runDir_.clear();
}

void Host::decide() {
    const bool step = arena_.header().gate.mode.load(std::memory_order_acquire) ==
                      static_cast<uint32_t>(arena::GateMode::Step);
    bool deadlock = false;
    if (step) {
        deadlock = controller_.poll() == control::StepOutcome::Deadlock;
    } else {
        const control::RunPicture picture = control::scan(arena_);
        deadlock = !picture.busy && picture.ready.empty() && picture.timers.empty() &&
                   !picture.blocked.empty();
    }
    if (!deadlock) {
        deadlockSuspectNs_ = 0;
        return;
    }
    // Stepping, the picture is exact. Running free, make sure it lasts.
    const uint64_t now = arena::monotonicNs();
    if (!step && deadlockSuspectNs_ == 0)
        deadlockSuspectNs_ = now;
    if (result_.deadlocked || (!step && now - deadlockSuspectNs_ < kDeadlockConfirmNs))
        return;
    result_.deadlocked = true;
    emitHost(trace::Op::Deadlock, arena::kNone,
             static_cast<int64_t>(control::scan(arena_).blocked.size()));
    if (config_.endOnDeadlock)
        killAll();
}

void Host::killAll() {
    killing_ = true;
    arena_.header().stopping.store(1, std::memory_order_release);
    if (pgid_ > 0)
        kill(-pgid_, SIGKILL);
    for (const auto& [fd, tracked] : tracked_)
        arena::pidfdSendSignal(fd, SIGKILL);
}

} // namespace proclab::host
