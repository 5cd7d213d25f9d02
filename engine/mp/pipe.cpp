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

// With the guard held: a message is in flight from `direction`'s end.
void mirrorPush(arena::Arena& arena, ObjectGuard& guard, int direction, const Message& message) {
    PipeMirror& m = mirror(arena, guard.object(), direction);
    if (m.count == kMirrorSlots) {
        m.head = (m.head + 1) % kMirrorSlots;
        --m.count;
        ++m.dropped;
    }
    m.slots[(m.head + m.count) % kMirrorSlots] = mirrorEntry(message);
    ++m.count;
}

void mirrorPop(arena::Arena& arena, ObjectGuard& guard, int direction) {
    PipeMirror& m = mirror(arena, guard.object(), direction);
    if (m.dropped > 0)
        --m.dropped;
    else if (m.count > 0) {
        m.head = (m.head + 1) % kMirrorSlots;
        --m.count;
    }
}

// With the guard held: wake every process waiting to read on `end` (data or EOF
// arrived). They are granted, so a stepping controller sees them as about to run.
void wakeReaders(ObjectGuard& guard, int end) {
    for (uint32_t next = guard.popHead(static_cast<uint32_t>(end)); next != arena::kNone;
         next = guard.popHead(static_cast<uint32_t>(end)))
        guard.grant(next);
}

bool pipeReadable(int fd) {
    pollfd pfd{fd, POLLIN, 0};
    return ::poll(&pfd, 1, 0) > 0;
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
    {
        ObjectGuard guard(*r.arena, pipeId);
        if (guard.object().openEnds[end].fetch_sub(1, std::memory_order_relaxed) == 1)
            wakeReaders(guard, 1 - end);
    }
    for (auto& slot : r.self->openEnds) {
        uint32_t expected = key + 1;
        if (slot.compare_exchange_strong(expected, 0))
            break;
    }
}

// Waits until `fd` is readable (a message or EOF) or the deadline passes, queued on
// the pipe's list of readers of `end`. The readiness check and the queueing happen
// under the guard, as a sender's send and its wake-up do.
bool waitReadable(uint32_t pipeId, int end, int fd, detail::Deadline deadline) {
    detail::Runtime& r = rt();
    {
        ObjectGuard guard(*r.arena, pipeId);
        if (pipeReadable(fd))
            return true;
        guard.enqueue(static_cast<uint32_t>(end), r.slot, 0);
    }
    detail::armDeadline(deadline);
    detail::notifyHostQuiescent();
    bool ready = false;
    for (;;) {
        detail::refreshDeadline(deadline);
        const uint64_t slice = detail::sliceUntil(deadline, kSliceMs * 1'000'000ull);
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>((slice + 999'999) / 1'000'000)) > 0) {
            ready = true;
            break;
        }
        if (detail::deadlinePassed(deadline) || slice == 0)
            break;
        detail::checkHost();
    }
    detail::disarmDeadline();
    {
        ObjectGuard guard(*r.arena, pipeId);
        guard.remove(r.slot);
        detail::clearGrant();
    }
    detail::wakeGate();
    detail::setLessonState(arena::LessonState::Running);
    return ready;
}

// Waits until `fd` has room to send (the kernel's buffer was full).
void waitWritable(int fd) {
    for (;;) {
        pollfd pfd{fd, POLLOUT, 0};
        if (::poll(&pfd, 1, kSliceMs) > 0)
            return;
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
    detail::Runtime& r = rt();
    for (bool blockedNoted = false;;) {
        int error = 0;
        {
            ObjectGuard guard(*r.arena, pipeId_);
            if (::send(fd_, wire.data(), wire.size(), MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) {
                mirrorPush(*r.arena, guard, end_, message);
                // A reader needs this guard to receive: our record comes first.
                detail::emit(Op::Send, Phase::Instant, pipeId_, static_cast<int64_t>(wire.size()),
                             where);
                wakeReaders(guard, 1 - end_);
            } else {
                error = errno;
            }
        }
        if (error == 0)
            break;
        if (error == EAGAIN) {
            // The kernel's buffer is full: wait for the reader to make room.
            if (!blockedNoted) {
                detail::emit(Op::Send, Phase::Blocked, pipeId_, 0, where);
                blockedNoted = true;
            }
            detail::setLessonState(arena::LessonState::Blocked);
            waitWritable(fd_);
            detail::setLessonState(arena::LessonState::Running);
            continue;
        }
        if (error == EINTR)
            continue;
        detail::emit(Op::Send, Phase::Fail, pipeId_, error, where);
        throw std::system_error(error, std::generic_category(), "BrokenPipeError");
    }
}

Message Connection::recv(std::source_location where) {
    detail::stepPoint(Op::Recv, pipeId_, where);
    checkOpen(true);
    detail::Runtime& r = rt();
    std::vector<char> buffer(kMaxMessageBytes + 1);
    for (bool blockedNoted = false;;) {
        ssize_t n = -1;
        int error = 0;
        {
            ObjectGuard guard(*r.arena, pipeId_);
            n = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
            if (n > 0)
                mirrorPop(*r.arena, guard, 1 - end_);
            else if (n < 0)
                error = errno;
        }
        if (n > 0) {
            detail::emit(Op::Recv, blockedNoted ? Phase::End : Phase::Instant, pipeId_, n, where);
            return Message::decode(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
        }
        if (n == 0) {
            detail::emit(Op::Recv, Phase::Fail, pipeId_, 0, where);
            throw EOFError();
        }
        if (error == EAGAIN) {
            if (!blockedNoted) {
                detail::emit(Op::Recv, Phase::Blocked, pipeId_, 0, where);
                blockedNoted = true;
            }
            waitReadable(pipeId_, end_, fd_, detail::Deadline{});
            continue;
        }
        if (error != EINTR)
            throw std::system_error(error, std::generic_category(), "recv");
    }
}

bool Connection::poll(double timeout, std::source_location where) {
    detail::stepPoint(Op::Recv, pipeId_, where);
    checkOpen(true);
    const bool ready = timeout == 0
                           ? pipeReadable(fd_)
                           : waitReadable(pipeId_, end_, fd_, detail::deadlineAfter(timeout));
    detail::emit(Op::Read, Phase::Instant, pipeId_, ready ? 1 : 0, where);
    return ready;
}

void Connection::close(std::source_location where) {
    detail::stepPoint(Op::Close, pipeId_, where);
    if (fd_ < 0)
        return;
    // Recorded first: closing the last copy lets a reader see EOF at once.
    detail::emit(Op::Close, Phase::Instant, pipeId_, end_, where);
    ::close(fd_);
    fd_ = -1;
    noteClosed(pipeId_, end_);
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

bool dropPipeEndsOfDead(arena::Arena& arena, uint32_t deadSlot) {
    bool complete = true;
    for (auto& slot : arena.proc(deadSlot).openEnds) {
        const uint32_t key = slot.load(std::memory_order_relaxed);
        if (key == 0)
            continue;
        const uint32_t pipeId = (key - 1) >> 1;
        const int end = static_cast<int>((key - 1) & 1);
        ObjectGuard guard(arena, pipeId, ObjectGuard::TryOnly{});
        if (!guard.owns()) {
            complete = false;
            continue;
        }
        slot.store(0, std::memory_order_relaxed);
        if (guard.object().openEnds[end].fetch_sub(1, std::memory_order_relaxed) == 1)
            wakeReaders(guard, 1 - end);
    }
    return complete;
}

} // namespace detail
} // namespace proclab::mp
