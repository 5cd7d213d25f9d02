#pragma once
// The viewer <-> proclab-engine protocol: datagrams on one SOCK_SEQPACKET socket,
// each a header and a body. EOF on either side ends the run.

#include "engine/trace/record.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace proclab::host {

inline constexpr uint32_t kProtocolVersion = 1;
inline constexpr std::size_t kMaxTraceRecordsPerMessage = 2047; // one datagram < 64 KiB

enum class MessageType : uint32_t {
    // engine -> viewer
    Hello = 1,  // HelloBody; the arena's memfd attached (SCM_RIGHTS)
    Trace = 2,  // TraceRecord[]
    Ended = 3,  // EndedBody
    Grants = 4, // step grants of the run, identities separated by '\n'
    Error = 5,  // one line of text; the engine exits with status 2
    // viewer -> engine
    SetGate = 10, // SetGateBody
    Pause = 11,   // uint32_t paused
    Grant = 12,   // the identity of the process to step
    Stop = 13,    // end the run: kill and reap every lesson process
};

struct MessageHeader {
    MessageType type;
    uint32_t bytes; // of the body
};

struct HelloBody {
    uint32_t protocolVersion;
    uint32_t layoutVersion;
    int32_t hostPid;
    uint32_t reserved;
};

struct EndedBody {
    int32_t mainExitCode;
    uint8_t timedOut;
    uint8_t stopped;
    uint8_t deadlocked;
    uint8_t replayDiverged;
    uint32_t processesStarted;
    uint32_t ownerDied;
    uint64_t records;
    uint64_t virtualNowNs;
    uint64_t wallNs;
};

struct SetGateBody {
    uint32_t mode; // arena::GateMode
    uint32_t reserved;
    uint64_t delayNs;
};

// Sends one message (blocking). False when the peer is gone.
bool sendMessage(int fd, MessageType type, const void* body, std::size_t bytes, int passFd = -1);
bool sendText(int fd, MessageType type, std::string_view text);

struct Message {
    MessageType type{};
    std::vector<char> body;
    int fd = -1; // a passed file descriptor (Hello)
    std::string_view text() const { return {body.data(), body.size()}; }
};
// Receives one message. Returns 1 on a message, 0 on EOF, -1 when nothing is there
// (non-blocking) or on error.
int receiveMessage(int fd, Message& out, bool block);

} // namespace proclab::host
