#include "engine/mp/pipe.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/pipe_ends.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/errors.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace proclab::mp {
namespace {

using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;

constexpr int kSliceMs = 100;

using arena::PipeMirror;
constexpr uint32_t kMirrorSlots = arena::kPipeMirrorSlots;

PipeMirror& mirror(arena::Arena& arena, const arena::ObjectSlot& obj, int direction) {
    return reinterpret_cast<PipeMirror*>(arena.data(obj.dataOffset))[direction];
}

arena::MessageSlot mirrorEntry(const Message& message) {
    try {
        return message.toSlot();
    } catch (const ValueError&) {
        std::string text = message.repr().substr(0, 50) + "...";
        return Message(text).toSlot();
    }
}

void recordSent(uint32_t pipeId, int direction, const Message& message) {
    detail::Runtime& r = rt();
    ObjectGuard guard(*r.arena, pipeId);
    PipeMirror& m = mirror(*r.arena, guard.object(), direction);
    if (m.count == kMirrorSlots) {
        m.head = (m.head + 1) % kMirrorSlots;
        --m.count;
        ++m.dropped;
    }
    m.slots[(m.head + m.count) % kMirrorSlots] = mirrorEntry(message);
    ++m.count;
}

void recordReceived(uint32_t pipeId, int direction) {
    detail::Runtime& r = rt();
    ObjectGuard guard(*r.arena, pipeId);
    PipeMirror& m = mirror(*r.arena, guard.object(), direction);
    if (m.dropped > 0)
        --m.dropped;
    else if (m.count > 0) {
        m.head = (m.head + 1) % kMirrorSlots;
        --m.count;
    }
}

void noteOpen(uint32_t pipeId, int end) {
    detail::Runtime& r = rt();
    const uint32_t key = pipeId << 1 | static_cast<uint32_t>(end);
    r.openEnds.push_back(key);
    r.arena->object(pipeId).openEnds[end].fetch_add(1, std::memory_order_relaxed);
    for (auto& slot : r.self->openEnds) {
        uint32_t expected = 0;
        if (slot.compare_exchange_strong(expected, key + 1))
            break;
    }
}

void noteClosed(uint32_t pipeId, int end) {
    detail::Runtime& r = rt();
    const uint32_t key = pipeId << 1 | static_cast<uint32_t>(end);
    auto it = std::find(r.openEnds.begin(), r.openEnds.end(), key);
    if (it == r.openEnds.end())
        return;
    r.openEnds.erase(it);
    r.arena->object(pipeId).openEnds[end].fetch_sub(1, std::memory_order_relaxed);
    for (auto& slot : r.self->openEnds) {
        uint32_t expected = key + 1;
        if (slot.compare_exchange_strong(expected, 0))
            break;
    }
}

// Waits for `events` on fd in bounded slices. Returns false on timeout.
bool waitFd(int fd, short events, uint64_t deadlineNs) {
    for (;;) {
        int sliceMs = kSliceMs;
        if (deadlineNs != 0) {
            const uint64_t now = arena::monotonicNs();
            if (now >= deadlineNs)
                return false;
            sliceMs = static_cast<int>(
                std::min<uint64_t>((deadlineNs - now + 999'999) / 1'000'000, kSliceMs));
        }
        pollfd pfd{fd, events, 0};
        const int rc = ::poll(&pfd, 1, sliceMs);
        if (rc > 0)
            return true;
        detail::checkHost();
    }
}

} // namespace

std::pair<Connection, Connection> Pipe(bool duplex, std::string name, std::source_location where) {
    detail::Runtime& r = rt();
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
        throw std::system_error(errno, std::generic_category(), "Pipe");
    const uint32_t id = detail::createObject(arena::ObjectKind::Pipe, name, where);
    arena::ObjectSlot& obj = r.arena->object(id);
    const uint64_t offset = r.arena->allocData(2 * sizeof(PipeMirror));
    if (offset == arena::Arena::kNoData)
        throw ArenaFull("the arena has no room for another pipe");
    obj.dataOffset = offset;
    obj.itemCapacity = kMirrorSlots;
    obj.flag.store(duplex ? 1 : 0, std::memory_order_relaxed);
    if (!duplex) {
        shutdown(fds[0], SHUT_WR);
        shutdown(fds[1], SHUT_RD);
    }
    noteOpen(id, 0);
    noteOpen(id, 1);
    return {Connection(fds[0], id, 0, true, duplex), Connection(fds[1], id, 1, duplex, true)};
}

void Connection::checkOpen(bool wantRead) const {
    if (fd_ < 0)
        throw std::system_error(EBADF, std::generic_category(), "handle is closed");
    if (wantRead && !readable_)
        throw std::system_error(EBADF, std::generic_category(), "connection is write-only");
    if (!wantRead && !writable_)
        throw std::system_error(EBADF, std::generic_category(), "connection is read-only");
}

void Connection::send(const Message& message, std::source_location where) {
    detail::stepPoint(Op::Send, pipeId_, where);
    checkOpen(false);
    const std::string wire = message.encode();
    if (wire.size() > kMaxMessageBytes)
        throw ValueError("pipe messages are limited to 64 KiB");
    recordSent(pipeId_, end_, message);
    for (bool blockedNoted = false;;) {
        const ssize_t n = ::send(fd_, wire.data(), wire.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0)
            break;
        if (errno == EAGAIN) {
            if (!blockedNoted) {
                detail::emit(Op::Send, Phase::Blocked, pipeId_, 0, where);
                detail::setLessonState(arena::LessonState::Blocked);
                blockedNoted = true;
            }
            waitFd(fd_, POLLOUT, 0);
            continue;
        }
        if (errno == EINTR)
            continue;
        recordReceived(pipeId_, end_);
        detail::setLessonState(arena::LessonState::Running);
        detail::emit(Op::Send, Phase::Fail, pipeId_, errno, where);
        throw std::system_error(errno, std::generic_category(), "BrokenPipeError");
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(Op::Send, Phase::Instant, pipeId_, static_cast<int64_t>(wire.size()), where);
}

Message Connection::recv(std::source_location where) {
    detail::stepPoint(Op::Recv, pipeId_, where);
    checkOpen(true);
    std::vector<char> buffer(kMaxMessageBytes + 1);
    for (bool blockedNoted = false;;) {
        const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n > 0) {
            recordReceived(pipeId_, 1 - end_);
            detail::setLessonState(arena::LessonState::Running);
            detail::emit(Op::Recv, blockedNoted ? Phase::End : Phase::Instant, pipeId_, n, where);
            return Message::decode(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
        }
        if (n == 0) {
            detail::setLessonState(arena::LessonState::Running);
            detail::emit(Op::Recv, Phase::Fail, pipeId_, 0, where);
            throw EOFError();
        }
        if (errno == EAGAIN) {
            if (!blockedNoted) {
                detail::emit(Op::Recv, Phase::Blocked, pipeId_, 0, where);
                detail::setLessonState(arena::LessonState::Blocked);
                blockedNoted = true;
            }
            waitFd(fd_, POLLIN, 0);
            continue;
        }
        if (errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "recv");
    }
}

bool Connection::poll(double timeout, std::source_location where) {
    detail::stepPoint(Op::Recv, pipeId_, where);
    checkOpen(true);
    const bool ready = timeout == 0 ? waitFd(fd_, POLLIN, arena::monotonicNs())
                                    : waitFd(fd_, POLLIN, detail::deadlineAfter(timeout));
    detail::emit(Op::Read, Phase::Instant, pipeId_, ready ? 1 : 0, where);
    return ready;
}

void Connection::close(std::source_location where) {
    detail::stepPoint(Op::Close, pipeId_, where);
    if (fd_ < 0)
        return;
    ::close(fd_);
    fd_ = -1;
    noteClosed(pipeId_, end_);
    detail::emit(Op::Close, Phase::Instant, pipeId_, end_, where);
}

namespace detail {

void inheritPipeEnds() {
    Runtime& r = rt();
    for (auto& slot : r.self->openEnds)
        slot.store(0, std::memory_order_relaxed);
    const std::vector<uint32_t> inherited = std::move(r.openEnds);
    r.openEnds.clear();
    for (uint32_t key : inherited)
        noteOpen(key >> 1, static_cast<int>(key & 1));
}

void closeAllPipeEnds() {
    Runtime& r = rt();
    const std::vector<uint32_t> open = r.openEnds;
    for (uint32_t key : open)
        noteClosed(key >> 1, static_cast<int>(key & 1));
}

void dropPipeEndsOfDead(arena::Arena& arena, uint32_t deadSlot) {
    for (auto& slot : arena.proc(deadSlot).openEnds) {
        const uint32_t key = slot.exchange(0, std::memory_order_relaxed);
        if (key == 0)
            continue;
        arena.object((key - 1) >> 1)
            .openEnds[(key - 1) & 1]
            .fetch_sub(1, std::memory_order_relaxed);
    }
}

} // namespace detail
} // namespace proclab::mp
