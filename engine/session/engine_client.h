#pragma once
// The viewer's handle on one run: spawns proclab-engine with posix_spawn (safe from a
// multi-threaded process, and its cost does not grow with the viewer), talks to it
// over a SOCK_SEQPACKET socket, and never lets it outlive the handle.

#include "engine/arena/arena.h"
#include "engine/host/protocol.h"

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace proclab::session {

struct EngineLaunch {
    std::string enginePath; // empty: next to this executable, or $PROCLAB_ENGINE
    std::string lesson;
    std::vector<std::string> settings; // name=value
    std::string mode = "free";         // free, paced, step
    double delayMs = 200;
    std::string policy = "rr"; // manual, rr, random
    uint64_t seed = 0;
    std::string grantsFile; // replay
    std::string language = "zh";
    double timeoutSeconds = 0;
    bool keepOnDeadlock = false;
};

class EngineClient {
public:
    EngineClient() = default;
    ~EngineClient();
    EngineClient(const EngineClient&) = delete;
    EngineClient& operator=(const EngineClient&) = delete;

    // Starts the engine. Returns an error message, or empty on success.
    std::string start(const EngineLaunch& launch);

    int socket() const { return socket_; }
    pid_t pid() const { return pid_; }
    // The arena, once the Hello message has arrived (read-only mapping).
    const arena::Arena* arena() const { return arena_.valid() ? &arena_ : nullptr; }
    void adoptArena(int fd);

    bool setGate(arena::GateMode mode, uint64_t delayNs);
    bool setPaused(bool paused);
    bool grant(const std::string& identity);
    bool stop();

    // Waits for the engine to exit (after Ended) and returns its status; kills it
    // first when it does not exit within `graceMs`.
    int finish(int graceMs = 2000);

    static std::string defaultEnginePath();

private:
    int socket_ = -1;
    pid_t pid_ = -1;
    arena::Arena arena_;
};

} // namespace proclab::session
