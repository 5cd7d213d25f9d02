#pragma once
// The host of one run: creates the arena, forks the lesson's main process, becomes
// the child subreaper, keeps every lesson process in one process group, watches each
// through a pidfd, releases what a dead process held, drains the trace rings, and on
// stop or timeout kills the group and reaps everything. Single-threaded by design, so
// forking from it is safe.

#include "engine/arena/arena.h"
#include "engine/control/step_controller.h"
#include "engine/trace/record.h"

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace proclab::host {

struct HostConfig {
    arena::ArenaConfig arena;
    arena::GateMode mode = arena::GateMode::Free;
    uint64_t delayNs = 0;      // paced mode
    uint32_t language = 0;     // 0 zh, 1 en
    double timeoutSeconds = 0; // 0: no limit
    control::StepPolicy stepPolicy = control::StepPolicy::RoundRobin;
    uint64_t seed = 0;               // random step policy
    std::vector<std::string> replay; // grants to replay (StepPolicy::Replay)
    bool endOnDeadlock = true;       // a headless run ends; a window shows the deadlock
};

// Receives the trace in batches, each ordered by time (a narrative record is always
// followed by its payload records).
class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void consume(std::span<const trace::TraceRecord> records) = 0;
};

struct RunResult {
    int mainExitCode = 0; // >= 0 exit status, < 0 -signal
    bool timedOut = false;
    bool stopped = false;
    uint32_t processesStarted = 0;
    uint64_t records = 0;
    uint32_t ownerDied = 0; // objects released on behalf of a dead holder
    bool deadlocked = false;
    std::vector<std::string> grants; // step mode: who was granted each step, in order
    bool replayDiverged = false;
};

class Host {
public:
    explicit Host(const HostConfig& config);
    ~Host();
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    arena::Arena& arena() { return arena_; }

    // Runs `lessonMain` as the lesson's main process and returns when every lesson
    // process has ended and been reaped.
    RunResult run(const std::function<void()>& lessonMain, TraceSink* sink);

    // Ends the run: every lesson process is killed and reaped. Async-signal-safe.
    void requestStop();

    // Calls `onReadable` from the run loop whenever `fd` is readable (the viewer's
    // commands). Set before run().
    void watch(int fd, std::function<void()> onReadable);

    void setGate(arena::GateMode mode, uint64_t delayNs);
    void setPaused(bool paused);
    // Step mode, manual policy: let the process with this identity take one step.
    bool grant(std::string_view identity) { return controller_.grant(identity); }
    control::StepController& controller() { return controller_; }

private:
    struct Tracked {
        uint32_t slot;
        pid_t pid;
        int pidfd;
    };

    void track(uint32_t slot, pid_t pid, int pidfd);
    void readChannel();
    void onProcessGone(int pidfd);
    bool recoverFrom(uint32_t slot, pid_t pid); // false: try again later
    bool reapChildren();                        // false once no child of the group is left
    void noteReaped(pid_t pid, int status);
    std::size_t drainAll(bool flush = false); // records drained from the rings
    void addUnits(std::size_t from);
    void emitHost(trace::Op op, uint32_t object, int64_t arg);
    void killAll();
    void decide(); // step decisions and deadlock detection, after every change
    void createRunDir();
    void removeRunDir();

    HostConfig config_;
    arena::Arena arena_;
    TraceSink* sink_ = nullptr;
    int epollFd_ = -1;
    int channelFd_ = -1; // host end of the lesson channel
    int stopFd_ = -1;    // eventfd
    int stepFd_ = -1;    // eventfd: a lesson process became quiescent
    control::StepController controller_;
    uint64_t deadlockSuspectNs_ = 0;
    std::string runDir_;
    int watchedFd_ = -1;
    std::function<void()> onWatched_;
    pid_t pgid_ = 0;
    pid_t mainPid_ = 0;
    bool mainGone_ = false;
    bool killing_ = false;
    RunResult result_;
    std::unordered_map<int, Tracked> tracked_; // by pidfd
    std::vector<Tracked> pendingRecovery_;
    std::vector<trace::TraceRecord> batch_;
    std::vector<trace::TraceRecord> ordered_;
    struct Unit {
        uint64_t time;
        uint32_t begin;
        uint32_t count;
    };
    std::vector<Unit> units_;
    std::vector<std::size_t> runStarts_;
    std::vector<trace::TraceRecord> carry_; // held back for the next batch
    uint64_t hostRingHead_ = 0;
};

} // namespace proclab::host
