#pragma once
// One run seen from the viewer: the engine process, the model folded from its trace,
// the kernel's view sampled at 20 Hz. pump() does all the work on the caller's thread
// (the command line's, or the window's worker thread), never blocking a lesson process.

#include "engine/host/protocol.h"
#include "engine/session/engine_client.h"
#include "engine/session/proc_sampler.h"
#include "engine/session/state_model.h"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace proclab::session {

struct RunEnd {
    bool ended = false;     // the engine said the run is over
    host::EndedBody body{}; // its figures
    std::vector<std::string> grants;
    std::string error;    // the engine refused the run (bad lesson or parameter)
    int engineStatus = 0; // exit status of proclab-engine
};

class Session {
public:
    std::string start(const EngineLaunch& launch);
    // Handles what arrives within `timeoutMs`. False once the run is over and the
    // engine has exited (see end()).
    bool pump(int timeoutMs);

    StateModel& model() { return model_; }
    const StateModel& model() const { return model_; }
    EngineClient& engine() { return client_; }
    const RunEnd& end() const { return end_; }
    bool running() const { return started_ && !finished_; }

    // Called with every batch of records as it arrives (before it is folded in).
    std::function<void(std::span<const trace::TraceRecord>)> onRecords;

private:
    void handle(host::Message& message);
    void finishRun();

    EngineClient client_;
    StateModel model_;
    ProcSampler sampler_;
    RunEnd end_;
    bool started_ = false;
    bool finished_ = false;
    uint64_t lastSampleNs_ = 0;
};

} // namespace proclab::session
