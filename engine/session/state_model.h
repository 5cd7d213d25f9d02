#pragma once
// The viewer's model of a run, folded from the trace: every process with its lesson
// state and the kernel's own view, a timeline of state intervals, the narrative log,
// the lesson's report and per-run counters. Read by the window and the command line.
// Ingestion is a tight loop (one hash lookup and a switch per record).

#include "engine/arena/arena.h"
#include "engine/session/object_view.h"
#include "engine/trace/record.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace proclab::session {

enum class ProcState : uint8_t {
    New,
    Ready,
    Running,
    Blocked,
    Sleeping,
    Terminated,
    Zombie,
    Reaped
};
inline constexpr int kProcStates = 8;
std::string_view procStateName(ProcState state);

struct ProcessInfo {
    int pid = 0;
    int ppid = 0; // at start; the kernel's current view is kernelPpid
    std::string name;
    std::string identity; // Python's _identity: "main", "1", "1:2"
    bool daemon = false;
    bool main = false;
    ProcState state = ProcState::New;
    trace::Op op = trace::Op::None; // current or last operation
    uint32_t object = arena::kNone; // what it is blocked on (or last touched)
    int waitsForPid = 0;            // join target
    uint16_t line = 0;
    uint16_t file = 0xFFFF;
    std::optional<int> exitCode;
    char kernelState = '?'; // R, S, D, T, Z from /proc/<pid>/stat; 'X' once gone
    int kernelPpid = 0;
    uint64_t startNs = 0;
    uint64_t endNs = 0;
    uint16_t statesSeen = 0;      // bit per ProcState
    std::string kernelStatesSeen; // each letter once, in the order first seen
    std::size_t openInterval = static_cast<std::size_t>(-1);
};

struct Interval {
    int pid;
    ProcState state;
    uint32_t object;
    uint64_t beginNs;
    uint64_t endNs; // 0 while open
};

struct LogLine {
    uint64_t timeNs;
    int pid;
    std::string zh;
    std::string en;
    bool error;
};

struct InvariantResult {
    std::string name;
    bool held;
    bool mustHold;
};

struct Counters {
    uint64_t records = 0;
    std::array<uint64_t, static_cast<std::size_t>(trace::Op::Count_)> byOp{};
    uint64_t handoffs = 0;
    uint64_t ownerDied = 0;
    uint64_t blockedEvents = 0;
};

struct Snapshot {
    std::vector<ProcessInfo> processes;
    std::vector<ObjectView> objects;
    Counters counters;
    bool deadlocked = false;
    uint64_t virtualNowNs = 0;
};

class StateModel {
public:
    // Names, identities and live "ready at a gate" states come from the arena.
    void setArena(const arena::Arena* arena) { arena_ = arena; }
    void ingest(std::span<const trace::TraceRecord> records);
    // The kernel's view of one process (from the sampler).
    void setKernelState(int pid, char state, int ppid);

    const std::vector<ProcessInfo>& processes() const { return processes_; }
    const ProcessInfo* process(int pid) const;
    const std::vector<Interval>& timeline() const { return timeline_; }
    const std::vector<LogLine>& log() const { return log_; }
    const std::map<std::string, int64_t>& outcomes() const { return outcomes_; }
    const std::vector<InvariantResult>& invariants() const { return invariants_; }
    const Counters& counters() const { return counters_; }
    bool deadlocked() const { return deadlocked_; }
    uint64_t firstNs() const { return firstNs_; }
    uint64_t lastNs() const { return lastNs_; }
    std::string objectName(uint32_t id) const;
    std::string fileName(uint16_t id) const;

    // A consistent copy for another thread (the window's), with the objects as they
    // are now in the arena and the processes ready at a gate marked Ready.
    Snapshot snapshot() const;
    // Closes open intervals at `endNs` (the run is over).
    void finish(uint64_t endNs);
    // Keeps the names of objects and files and lets go of the arena (it is unmapped
    // when the run's engine handle goes away).
    void detach();

private:
    ProcessInfo& processFor(int pid, uint64_t timeNs);
    void setState(ProcessInfo& p, ProcState state, uint32_t object, uint64_t timeNs);
    void fillIdentity(ProcessInfo& p) const;

    const arena::Arena* arena_ = nullptr;
    std::vector<ProcessInfo> processes_;
    std::unordered_map<int, std::size_t> byPid_;
    std::vector<Interval> timeline_;
    std::vector<LogLine> log_;
    std::map<std::string, int64_t> outcomes_;
    std::vector<InvariantResult> invariants_;
    Counters counters_;
    bool deadlocked_ = false;
    uint64_t firstNs_ = 0;
    uint64_t lastNs_ = 0;
    int hostPid_ = 0;
    std::vector<trace::TraceRecord> partial_; // a text record awaiting its payload
    std::vector<std::string> objectNames_;    // kept by detach()
    std::vector<std::string> fileNames_;
};

} // namespace proclab::session
