#include "engine/session/session.h"

#include <poll.h>
#include <unistd.h>

#include <cstring>

namespace proclab::session {
namespace {
constexpr uint64_t kSamplePeriodNs = 50'000'000; // /proc at 20 Hz
} // namespace

std::string Session::start(const EngineLaunch& launch) {
    std::string error = client_.start(launch);
    started_ = error.empty();
    return error;
}

void Session::handle(host::Message& message) {
    switch (message.type) {
    case host::MessageType::Hello:
        if (message.fd >= 0) {
            client_.adoptArena(message.fd);
            model_.setArena(client_.arena());
        }
        break;
    case host::MessageType::Trace: {
        const std::span<const trace::TraceRecord> records(
            reinterpret_cast<const trace::TraceRecord*>(message.body.data()),
            message.body.size() / sizeof(trace::TraceRecord));
        if (onRecords)
            onRecords(records);
        const std::size_t known = model_.processes().size();
        model_.ingest(records);
        // A new process may live only a moment: let the kernel's view catch it now.
        if (model_.processes().size() != known)
            lastSampleNs_ = 0;
        break;
    }
    case host::MessageType::Grants: {
        std::string text(message.text());
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t nl = text.find('\n', at);
            const std::size_t end = nl == std::string::npos ? text.size() : nl;
            if (end > at)
                end_.grants.push_back(text.substr(at, end - at));
            at = end + 1;
        }
        break;
    }
    case host::MessageType::Ended:
        if (message.body.size() == sizeof end_.body) {
            std::memcpy(&end_.body, message.body.data(), sizeof end_.body);
            end_.ended = true;
        }
        break;
    case host::MessageType::Error: end_.error = std::string(message.text()); break;
    default: break;
    }
    if (message.fd >= 0 && message.type != host::MessageType::Hello)
        close(message.fd);
}

void Session::finishRun() {
    finished_ = true;
    sampler_.sample(model_); // the last picture: who is reaped
    model_.finish(model_.lastNs());
    end_.engineStatus = client_.finish();
}

bool Session::pump(int timeoutMs) {
    if (!started_ || finished_)
        return false;
    pollfd pfd{client_.socket(), POLLIN, 0};
    if (poll(&pfd, 1, timeoutMs) > 0) {
        for (;;) {
            host::Message message;
            const int rc = host::receiveMessage(client_.socket(), message, false);
            if (rc == 0) { // the engine closed its end: the run is over
                finishRun();
                return false;
            }
            if (rc < 0)
                break;
            handle(message);
        }
    }
    const uint64_t now = arena::monotonicNs();
    if (now - lastSampleNs_ >= kSamplePeriodNs) {
        lastSampleNs_ = now;
        sampler_.sample(model_);
    }
    return true;
}

} // namespace proclab::session
