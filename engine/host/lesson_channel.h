#pragma once
// Messages lesson processes send to the host over the run's SOCK_SEQPACKET socket.
// Each is one datagram; ProcessStarted carries the child's pidfd (SCM_RIGHTS).

#include <cstdint>

namespace proclab::host {

enum class LessonMessageType : uint32_t {
    ProcessStarted = 1, // a lesson process forked a child; pidfd attached
    RingFilling = 2,    // a trace ring is half full or full: drain now
};

struct LessonMessage {
    LessonMessageType type;
    uint32_t slot;
    int32_t pid;
    uint32_t reserved;
};
static_assert(sizeof(LessonMessage) == 16);

// Exit code of a lesson process that found the host gone.
inline constexpr int kExitHostGone = 70;
// Exit code of a lesson process whose lesson code threw.
inline constexpr int kExitLessonError = 1;

} // namespace proclab::host
