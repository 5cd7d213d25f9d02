#pragma once
// Step mode's decisions, made by the host. A decision is taken only when the run is
// quiescent — no process running, every live one ready at a gate, blocked with
// nobody waking it, sleeping, or ended — so that what happens next depends only on
// the grants: a stepped run recorded as its list of grants replays exactly.

#include "engine/arena/arena.h"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace proclab::control {

enum class StepPolicy {
    Manual,     // the viewer grants (clicking a process)
    RoundRobin, // the next ready process after the last one granted, in identity order
    Random,     // a seeded choice among the ready processes
    Replay,     // a recorded list of grants, then round-robin
};

enum class StepOutcome {
    Busy,           // someone is running: wait
    Granted,        // a process was given one step
    TimerFired,     // a sleeper's (or timed wait's) virtual deadline came
    WaitingForUser, // manual policy: ready processes wait for a grant
    Deadlock,       // live processes, all blocked, nothing can wake them
    Idle,           // no live lesson process
};

// What the controller sees in one scan of the process table.
struct RunPicture {
    bool busy = false;
    std::vector<uint32_t> ready;   // slots at a gate, in identity order
    std::vector<uint32_t> timers;  // slots waiting for a virtual deadline
    std::vector<uint32_t> blocked; // slots blocked with nothing to wake them
    std::size_t live = 0;
};

RunPicture scan(const arena::Arena& arena);
// "main" < "1" < "2" < "10" < "10:1": Python identities in creation order.
bool identityBefore(std::string_view a, std::string_view b);

class StepController {
public:
    explicit StepController(arena::Arena& arena);

    void configure(StepPolicy policy, uint64_t seed, std::vector<std::string> replay);
    StepPolicy policy() const { return policy_; }

    // Takes at most one decision. Call again after every change of the run.
    StepOutcome poll();
    // A manual grant. False when the process is not ready at a gate.
    bool grant(std::string_view identity);

    const std::vector<std::string>& granted() const { return granted_; }
    bool replayDiverged() const { return replayDiverged_; }
    std::vector<std::string> readyIdentities() const;

private:
    void give(uint32_t slot);
    void fire(uint32_t slot);
    uint32_t choose(const RunPicture& picture);

    arena::Arena& arena_;
    StepPolicy policy_ = StepPolicy::RoundRobin;
    std::mt19937_64 random_;
    std::vector<std::string> replay_;
    std::size_t replayNext_ = 0;
    bool replayDiverged_ = false;
    std::string lastGranted_;
    std::vector<std::string> granted_;
};

// Leaving step mode: every ready process goes on and virtual timers turn into
// wall-clock ones (each waiter converts its own remaining time).
void releaseAllSteps(arena::Arena& arena);

} // namespace proclab::control
