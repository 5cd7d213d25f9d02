#include "engine/control/step_controller.h"

#include "engine/arena/futex.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace proclab::control {
namespace {

using arena::LessonState;
using arena::SlotState;

std::string_view identityOf(const arena::ProcSlot& proc) {
    return {proc.identity, strnlen(proc.identity, sizeof proc.identity)};
}

LessonState lessonState(const arena::ProcSlot& proc) {
    return static_cast<LessonState>(proc.lessonState.load(std::memory_order_seq_cst));
}

} // namespace

bool identityBefore(std::string_view a, std::string_view b) {
    if (a == b)
        return false;
    if (a == "main")
        return true;
    if (b == "main")
        return false;
    // Compare component by component as numbers: "2" < "10", "1" < "1:1".
    while (!a.empty() && !b.empty()) {
        unsigned x = 0;
        unsigned y = 0;
        auto [pa, ea] = std::from_chars(a.data(), a.data() + a.size(), x);
        auto [pb, eb] = std::from_chars(b.data(), b.data() + b.size(), y);
        if (ea != std::errc{} || eb != std::errc{})
            return a < b;
        if (x != y)
            return x < y;
        a.remove_prefix(static_cast<std::size_t>(pa - a.data()));
        b.remove_prefix(static_cast<std::size_t>(pb - b.data()));
        if (!a.empty())
            a.remove_prefix(1); // ':'
        if (!b.empty())
            b.remove_prefix(1);
    }
    return a.size() < b.size();
}

RunPicture scan(const arena::Arena& arena) {
    RunPicture picture;
    const uint32_t high = arena.header().procHighWater.load(std::memory_order_acquire);
    for (uint32_t slot = arena::kMainSlot; slot < high; ++slot) {
        const arena::ProcSlot& proc = arena.proc(slot);
        const auto state = static_cast<SlotState>(proc.state.load(std::memory_order_seq_cst));
        if (state == SlotState::Free || state == SlotState::Exited || state == SlotState::Drained)
            continue;
        if (state == SlotState::Reserved) { // forked, not yet at its first gate
            picture.busy = true;
            ++picture.live;
            continue;
        }
        switch (lessonState(proc)) {
        case LessonState::Terminated:
            // Its death is not yet handled by the host, whose handling may wake a
            // parent waiting in join.
            picture.busy = true;
            break;
        case LessonState::New:
        case LessonState::Running:
            picture.busy = true;
            ++picture.live;
            break;
        case LessonState::Ready:
            picture.ready.push_back(slot);
            ++picture.live;
            break;
        case LessonState::Blocked:
        case LessonState::Sleeping:
            ++picture.live;
            if (proc.granted.load(std::memory_order_seq_cst) != 0 ||
                proc.timedWait.load(std::memory_order_seq_cst) != 0)
                picture.busy = true; // woken already, or its wall clock will wake it
            else if (proc.wakeAtVirtualNs.load(std::memory_order_seq_cst) != 0)
                picture.timers.push_back(slot);
            else if (lessonState(proc) == LessonState::Sleeping)
                picture.busy = true; // a wall-clock sleep begun before step mode
            else
                picture.blocked.push_back(slot);
            break;
        }
    }
    auto byIdentity = [&](uint32_t a, uint32_t b) {
        return identityBefore(identityOf(arena.proc(a)), identityOf(arena.proc(b)));
    };
    std::sort(picture.ready.begin(), picture.ready.end(), byIdentity);
    std::sort(picture.timers.begin(), picture.timers.end(), [&](uint32_t a, uint32_t b) {
        const uint64_t ta = arena.proc(a).wakeAtVirtualNs.load();
        const uint64_t tb = arena.proc(b).wakeAtVirtualNs.load();
        return ta != tb ? ta < tb : byIdentity(a, b);
    });
    return picture;
}

StepController::StepController(arena::Arena& arena) : arena_(arena) {}

void StepController::configure(StepPolicy policy, uint64_t seed, std::vector<std::string> replay) {
    policy_ = policy;
    random_.seed(seed);
    replay_ = std::move(replay);
    replayNext_ = 0;
    replayDiverged_ = false;
}

StepOutcome StepController::poll() {
    const RunPicture picture = scan(arena_);
    if (picture.busy)
        return StepOutcome::Busy;
    arena::GateControl& gate = arena_.header().gate;
    const uint64_t now = gate.virtualNowNs.load(std::memory_order_acquire);
    // Virtual time: a due timer fires before anyone else moves, one at a time.
    if (!picture.timers.empty() &&
        (picture.ready.empty() ||
         arena_.proc(picture.timers.front()).wakeAtVirtualNs.load() <= now)) {
        const uint32_t slot = picture.timers.front();
        gate.virtualNowNs.store(std::max(now, arena_.proc(slot).wakeAtVirtualNs.load()),
                                std::memory_order_release);
        fire(slot);
        return StepOutcome::TimerFired;
    }
    if (!picture.ready.empty()) {
        if (policy_ == StepPolicy::Manual)
            return StepOutcome::WaitingForUser;
        give(choose(picture));
        return StepOutcome::Granted;
    }
    return picture.live == 0 ? StepOutcome::Idle : StepOutcome::Deadlock;
}

uint32_t StepController::choose(const RunPicture& picture) {
    const auto& ready = picture.ready;
    if (policy_ == StepPolicy::Replay && replayNext_ < replay_.size()) {
        const std::string& wanted = replay_[replayNext_++];
        for (uint32_t slot : ready)
            if (identityOf(arena_.proc(slot)) == wanted)
                return slot;
        replayDiverged_ = true;
        replayNext_ = replay_.size();
    }
    if (policy_ == StepPolicy::Random)
        return ready[random_() % ready.size()];
    // Round-robin: the first ready process after the last one granted.
    for (uint32_t slot : ready)
        if (identityBefore(lastGranted_, identityOf(arena_.proc(slot))))
            return slot;
    return ready.front();
}

bool StepController::grant(std::string_view identity) {
    const RunPicture picture = scan(arena_);
    if (picture.busy)
        return false;
    for (uint32_t slot : picture.ready) {
        if (identityOf(arena_.proc(slot)) == identity) {
            give(slot);
            return true;
        }
    }
    return false;
}

std::vector<std::string> StepController::readyIdentities() const {
    std::vector<std::string> out;
    for (uint32_t slot : scan(arena_).ready)
        out.emplace_back(identityOf(arena_.proc(slot)));
    return out;
}

void StepController::give(uint32_t slot) {
    arena::ProcSlot& proc = arena_.proc(slot);
    lastGranted_ = std::string(identityOf(proc));
    granted_.push_back(lastGranted_);
    arena_.header().gate.grants.fetch_add(1, std::memory_order_relaxed);
    // Running first: from now on the process counts as moving until it is quiescent again.
    proc.lessonState.store(static_cast<uint32_t>(LessonState::Running), std::memory_order_seq_cst);
    proc.stepGrant.store(1, std::memory_order_seq_cst);
    arena::futexWake(proc.stepGrant, 1);
}

void StepController::fire(uint32_t slot) {
    arena::ProcSlot& proc = arena_.proc(slot);
    proc.lessonState.store(static_cast<uint32_t>(LessonState::Running), std::memory_order_seq_cst);
    proc.wakeAtVirtualNs.store(0, std::memory_order_seq_cst);
    proc.timerFired.store(1, std::memory_order_seq_cst);
    arena::futexWake(proc.granted, 1);
}

void releaseAllSteps(arena::Arena& arena) {
    const uint32_t high = arena.header().procHighWater.load(std::memory_order_acquire);
    for (uint32_t slot = arena::kMainSlot; slot < high; ++slot) {
        arena::ProcSlot& proc = arena.proc(slot);
        arena::futexWake(proc.stepGrant, 1);
        arena::futexWake(proc.granted, 1);
    }
}

} // namespace proclab::control
