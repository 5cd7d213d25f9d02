#include "engine/host/protocol.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>

namespace proclab::host {

bool sendMessage(int fd, MessageType type, const void* body, std::size_t bytes, int passFd) {
    MessageHeader header{type, static_cast<uint32_t>(bytes)};
    iovec iov[2] = {{&header, sizeof header}, {const_cast<void*>(body), bytes}};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = bytes > 0 ? 2 : 1;
    if (passFd >= 0) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(cmsg), &passFd, sizeof(int));
    }
    for (;;) {
        if (sendmsg(fd, &msg, MSG_NOSIGNAL) >= 0)
            return true;
        if (errno != EINTR)
            return false;
    }
}

bool sendText(int fd, MessageType type, std::string_view text) {
    return sendMessage(fd, type, text.data(), text.size());
}

int receiveMessage(int fd, Message& out, bool block) {
    static constexpr std::size_t kMax = 64 * 1024 + sizeof(MessageHeader);
    out.body.resize(kMax);
    out.fd = -1;
    iovec iov{out.body.data(), kMax};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = 0;
    for (;;) {
        n = recvmsg(fd, &msg, (block ? 0 : MSG_DONTWAIT) | MSG_CMSG_CLOEXEC);
        if (n >= 0 || errno != EINTR)
            break;
    }
    if (n == 0)
        return 0;
    if (n < static_cast<ssize_t>(sizeof(MessageHeader)))
        return -1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            std::memcpy(&out.fd, CMSG_DATA(c), sizeof(int));
    MessageHeader header{};
    std::memcpy(&header, out.body.data(), sizeof header);
    out.type = header.type;
    out.body.erase(out.body.begin(), out.body.begin() + sizeof header);
    out.body.resize(
        std::min<std::size_t>(header.bytes, static_cast<std::size_t>(n) - sizeof header));
    return 1;
}

} // namespace proclab::host
