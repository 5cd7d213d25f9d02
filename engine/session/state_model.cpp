#include "engine/session/state_model.h"

#include <cstring>

namespace proclab::session {
namespace {

using trace::Op;
using trace::Phase;

std::string text(const trace::TraceRecord* payload, std::size_t offset, std::size_t bytes) {
    return {reinterpret_cast<const char*>(payload) + offset, bytes};
}

} // namespace

std::string_view procStateName(ProcState state) {
    switch (state) {
    case ProcState::New: return "new";
    case ProcState::Ready: return "ready";
    case ProcState::Running: return "running";
    case ProcState::Blocked: return "blocked";
    case ProcState::Sleeping: return "sleeping";
    case ProcState::Terminated: return "terminated";
    case ProcState::Zombie: return "zombie";
    case ProcState::Reaped: return "reaped";
    }
    return "?";
}

const ProcessInfo* StateModel::process(int pid) const {
    const auto it = byPid_.find(pid);
    return it == byPid_.end() ? nullptr : &processes_[it->second];
}

void StateModel::fillIdentity(ProcessInfo& p) const {
    if (arena_ == nullptr || !p.name.empty())
        return;
    const uint32_t high = arena_->header().procHighWater.load(std::memory_order_acquire);
    for (uint32_t slot = arena::kMainSlot; slot < high; ++slot) {
        const arena::ProcSlot& s = arena_->proc(slot);
        if (s.pid.load(std::memory_order_relaxed) != p.pid)
            continue;
        p.name.assign(s.name, strnlen(s.name, sizeof s.name));
        p.identity.assign(s.identity, strnlen(s.identity, sizeof s.identity));
        p.daemon = (s.flags & arena::kFlagDaemon) != 0;
        p.main = (s.flags & arena::kFlagMain) != 0;
        return;
    }
}

ProcessInfo& StateModel::processFor(int pid, uint64_t timeNs) {
    const auto it = byPid_.find(pid);
    if (it != byPid_.end())
        return processes_[it->second];
    byPid_.emplace(pid, processes_.size());
    ProcessInfo& p = processes_.emplace_back();
    p.pid = pid;
    p.startNs = timeNs;
    fillIdentity(p);
    return p;
}

void StateModel::setState(ProcessInfo& p, ProcState state, uint32_t object, uint64_t timeNs) {
    p.statesSeen |= static_cast<uint16_t>(1u << static_cast<unsigned>(state));
    if (p.state == state && p.openInterval != static_cast<std::size_t>(-1) &&
        timeline_[p.openInterval].object == object)
        return;
    if (p.openInterval != static_cast<std::size_t>(-1))
        timeline_[p.openInterval].endNs = timeNs;
    p.state = state;
    p.openInterval = timeline_.size();
    timeline_.push_back(Interval{p.pid, state, object, timeNs, 0});
}

void StateModel::ingest(std::span<const trace::TraceRecord> records) {
    // A text record whose payload is cut off by the end of a batch waits for the next
    // batch (the engine never cuts one, but the model must not read past its input).
    if (!partial_.empty()) {
        partial_.insert(partial_.end(), records.begin(), records.end());
        std::vector<trace::TraceRecord> joined;
        joined.swap(partial_);
        ingest(joined);
        return;
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        const trace::TraceRecord& r = records[i];
        const uint32_t payload = trace::payloadRecordsOf(r);
        if (i + payload >= records.size() && payload > 0) {
            partial_.assign(records.begin() + static_cast<std::ptrdiff_t>(i), records.end());
            return;
        }
        ++counters_.records;
        const auto op = static_cast<Op>(r.op);
        const auto phase = static_cast<Phase>(r.phase);
        if (r.op < counters_.byOp.size())
            ++counters_.byOp[r.op];
        if (firstNs_ == 0)
            firstNs_ = r.timeNs;
        lastNs_ = std::max(lastNs_, r.timeNs);

        if ((r.flags & trace::kFlagHost) != 0) {
            hostPid_ = r.pid;
            if (op == Op::Reaped) {
                const int pid = static_cast<int>(static_cast<uint64_t>(r.arg) >> 32);
                ProcessInfo& p = processFor(pid, r.timeNs);
                if (!p.exitCode)
                    p.exitCode = static_cast<int32_t>(static_cast<uint32_t>(r.arg));
                setState(p, ProcState::Reaped, arena::kNone, r.timeNs);
            } else if (op == Op::OwnerDied) {
                ++counters_.ownerDied;
            } else if (op == Op::Deadlock) {
                deadlocked_ = true;
            }
            i += payload;
            continue;
        }

        ProcessInfo& p = processFor(r.pid, r.timeNs);
        if (p.name.empty())
            fillIdentity(p);
        p.op = op;
        p.line = r.line;
        p.file = r.file;
        if (r.object != arena::kNone && payload == 0)
            p.object = r.object;
        if ((r.flags & trace::kFlagHandoff) != 0 && op == Op::Release)
            ++counters_.handoffs;

        switch (op) {
        case Op::Start:
            if (phase == Phase::End) { // the child's own first record: arg = its parent
                p.ppid = static_cast<int>(r.arg);
                setState(p, ProcState::Running, arena::kNone, r.timeNs);
            } else if (phase == Phase::Instant) { // the parent: arg = the child's pid
                ProcessInfo& child = processFor(static_cast<int>(r.arg), r.timeNs);
                child.ppid = r.pid;
                if (child.state == ProcState::New)
                    setState(child, ProcState::New, arena::kNone, r.timeNs);
            }
            break;
        case Op::Exit:
            p.exitCode = static_cast<int>(r.arg);
            p.endNs = r.timeNs;
            setState(p, ProcState::Terminated, arena::kNone, r.timeNs);
            break;
        case Op::Join:
            if (phase == Phase::Blocked) {
                p.waitsForPid = static_cast<int>(r.arg);
                ++counters_.blockedEvents;
                setState(p, ProcState::Blocked, arena::kNone, r.timeNs);
            } else {
                p.waitsForPid = 0;
                setState(p, ProcState::Running, arena::kNone, r.timeNs);
                if (phase == Phase::End || phase == Phase::Instant) {
                    ProcessInfo& child = processFor(static_cast<int>(r.arg), r.timeNs);
                    setState(child, ProcState::Reaped, arena::kNone, r.timeNs);
                }
            }
            break;
        case Op::Sleep:
            setState(p, phase == Phase::Begin ? ProcState::Sleeping : ProcState::Running,
                     arena::kNone, r.timeNs);
            break;
        case Op::Say:
        case Op::Error: {
            const auto arg = static_cast<uint64_t>(r.arg);
            const std::size_t zh = arg >> 32;
            const std::size_t en = arg & 0xFFFFFFFFu;
            log_.push_back(LogLine{r.timeNs, r.pid, text(&records[i + 1], 0, zh),
                                   text(&records[i + 1], zh, en), op == Op::Error});
            break;
        }
        case Op::Outcome: outcomes_[text(&records[i + 1], 0, r.object)] = r.arg; break;
        case Op::Invariant:
            invariants_.push_back(
                {text(&records[i + 1], 0, r.object), (r.arg & 1) != 0, (r.arg & 2) != 0});
            break;
        default:
            if (phase == Phase::Blocked) {
                ++counters_.blockedEvents;
                setState(p, ProcState::Blocked, r.object, r.timeNs);
            } else if (p.state != ProcState::Running && p.state != ProcState::Terminated &&
                       p.state != ProcState::Reaped) {
                setState(p, ProcState::Running, arena::kNone, r.timeNs);
            }
            break;
        }
        i += payload;
    }
}

void StateModel::setKernelState(int pid, char state, int ppid) {
    const auto it = byPid_.find(pid);
    if (it == byPid_.end())
        return;
    ProcessInfo& p = processes_[it->second];
    p.kernelState = state;
    if (ppid > 0)
        p.kernelPpid = ppid;
    if (state != 'X' && p.kernelStatesSeen.find(state) == std::string::npos)
        p.kernelStatesSeen.push_back(state);
    // A process the kernel shows as a zombie is one on screen too.
    if (state == 'Z' && p.state == ProcState::Terminated)
        setState(p, ProcState::Zombie, arena::kNone, lastNs_);
}

std::string StateModel::objectName(uint32_t id) const {
    if (arena_ == nullptr)
        return id < objectNames_.size() ? objectNames_[id] : std::string{};
    if (id >= arena_->objectCount())
        return {};
    const arena::ObjectSlot& obj = arena_->object(id);
    return {obj.name, strnlen(obj.name, sizeof obj.name)};
}

std::string StateModel::fileName(uint16_t id) const {
    if (arena_ == nullptr)
        return id < fileNames_.size() ? fileNames_[id] : std::string{};
    return std::string(arena_->fileName(id));
}

void StateModel::detach() {
    if (arena_ == nullptr)
        return;
    objectNames_.clear();
    for (uint32_t id = 0; id < arena_->objectCount(); ++id)
        objectNames_.push_back(objectName(id));
    fileNames_.clear();
    for (uint32_t id = 0; id < arena_->header().fileCount.load(); ++id)
        fileNames_.emplace_back(arena_->fileName(static_cast<uint16_t>(id)));
    arena_ = nullptr;
}

Snapshot StateModel::snapshot() const {
    Snapshot s;
    s.processes = processes_;
    s.counters = counters_;
    s.deadlocked = deadlocked_;
    if (arena_ == nullptr)
        return s;
    s.virtualNowNs = arena_->header().gate.virtualNowNs.load(std::memory_order_relaxed);
    // Waiting at a gate leaves no record: the arena says who is ready right now.
    const uint32_t high = arena_->header().procHighWater.load(std::memory_order_acquire);
    std::unordered_map<int, arena::LessonState> live;
    for (uint32_t slot = arena::kMainSlot; slot < high; ++slot) {
        const arena::ProcSlot& proc = arena_->proc(slot);
        if (proc.state.load(std::memory_order_relaxed) !=
            static_cast<uint32_t>(arena::SlotState::Live))
            continue;
        const int pid = proc.pid.load(std::memory_order_relaxed);
        live.emplace(
            pid, static_cast<arena::LessonState>(proc.lessonState.load(std::memory_order_relaxed)));
        // A process waiting at its very first step point has written nothing yet.
        if (byPid_.count(pid) == 0) {
            ProcessInfo p;
            p.pid = pid;
            p.ppid = proc.ppid.load(std::memory_order_relaxed);
            fillIdentity(p);
            s.processes.push_back(std::move(p));
        }
    }
    for (ProcessInfo& p : s.processes) {
        const auto it = live.find(p.pid);
        if (it != live.end() && it->second == arena::LessonState::Ready &&
            (p.state == ProcState::Running || p.state == ProcState::New))
            p.state = ProcState::Ready;
    }
    const uint32_t objects = arena_->objectCount();
    s.objects.reserve(objects);
    for (uint32_t id = 0; id < objects; ++id) {
        ObjectView view;
        if (readObject(*arena_, id, view))
            s.objects.push_back(std::move(view));
    }
    return s;
}

void StateModel::finish(uint64_t endNs) {
    for (ProcessInfo& p : processes_) {
        if (p.openInterval != static_cast<std::size_t>(-1) && timeline_[p.openInterval].endNs == 0)
            timeline_[p.openInterval].endNs = std::max(endNs, timeline_[p.openInterval].beginNs);
    }
}

} // namespace proclab::session
