#pragma once
// multiprocessing.Pipe: two Connections over a real socketpair (SOCK_SEQPACKET keeps
// message boundaries). recv() raises EOFError once every copy of the other end is
// closed — which is why each process must close the ends it does not use.

#include "engine/mp/message.h"

#include <cstdint>
#include <source_location>
#include <string>
#include <utility>

namespace proclab::mp {

class Connection {
public:
    Connection() = default;

    void send(const Message& message, std::source_location where = std::source_location::current());
    // Blocks until a message arrives; throws EOFError when the other end is closed
    // everywhere and nothing is left.
    Message recv(std::source_location where = std::source_location::current());
    // Whether a message (or EOF) is ready within `timeout` seconds (negative: forever).
    bool poll(double timeout = 0, std::source_location where = std::source_location::current());
    void close(std::source_location where = std::source_location::current());

    bool closed() const { return fd_ < 0; }
    bool readable() const { return readable_; }
    bool writable() const { return writable_; }
    int fileno() const { return fd_; }
    uint32_t id() const { return pipeId_; }
    int end() const { return end_; }

    static constexpr std::size_t kMaxMessageBytes = 64 * 1024;

private:
    friend std::pair<Connection, Connection> Pipe(bool, std::string, std::source_location);
    Connection(int fd, uint32_t pipeId, int end, bool readable, bool writable)
        : fd_(fd), pipeId_(pipeId), end_(end), readable_(readable), writable_(writable) {}
    void checkOpen(bool wantRead) const;

    int fd_ = -1;
    uint32_t pipeId_ = 0;
    int end_ = 0;
    bool readable_ = false;
    bool writable_ = false;
};

// Pipe(duplex=True): both ends send and receive. Pipe(false): the first end only
// receives, the second only sends, as in Python.
std::pair<Connection, Connection>
Pipe(bool duplex = true, std::string name = {},
     std::source_location where = std::source_location::current());

} // namespace proclab::mp
