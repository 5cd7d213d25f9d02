#include "app/engine_run.h"

#include "engine/host/host.h"
#include "engine/host/protocol.h"
#include "scenarios/lesson.h"

#include <CLI/CLI.hpp>

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace proclab::host {
namespace {

Host* gHost = nullptr;

void stopOnSignal(int) {
    if (gHost != nullptr)
        gHost->requestStop();
}

// Without a viewer: the narrative, as the tutorial's program prints it.
class PrintSink : public TraceSink {
public:
    PrintSink(const arena::Arena& arena, scenarios::Language language)
        : arena_(arena), language_(language) {}
    void consume(std::span<const trace::TraceRecord> records) override {
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto& r = records[i];
            if (r.op == static_cast<uint16_t>(trace::Op::Say) ||
                r.op == static_cast<uint16_t>(trace::Op::Error)) {
                const auto arg = static_cast<uint64_t>(r.arg);
                const auto* text = reinterpret_cast<const char*>(&records[i + 1]);
                const std::size_t zh = arg >> 32;
                const std::size_t en = arg & 0xFFFFFFFFu;
                const std::string line = language_ == scenarios::Language::Zh
                                             ? std::string(text, zh)
                                             : std::string(text + zh, en);
                std::printf("[%s %d] %s%s\n", nameOf(r.pid).c_str(), r.pid,
                            r.op == static_cast<uint16_t>(trace::Op::Error) ? "Error: " : "",
                            line.c_str());
            }
            i += trace::payloadRecordsOf(r);
        }
        std::fflush(stdout);
    }

private:
    std::string nameOf(int pid) const {
        const uint32_t high = arena_.header().procHighWater.load();
        for (uint32_t s = 0; s < high; ++s)
            if (arena_.proc(s).pid.load() == pid)
                return arena_.proc(s).name;
        return "?";
    }
    const arena::Arena& arena_;
    scenarios::Language language_;
};

// With a viewer: the trace in datagrams of up to kMaxTraceRecordsPerMessage records.
class SocketSink : public TraceSink {
public:
    SocketSink(int fd, Host& host) : fd_(fd), host_(host) {}
    void consume(std::span<const trace::TraceRecord> records) override {
        while (!records.empty() && !gone_) {
            // Whole units only: a text record never leaves without its payload.
            std::size_t n = 0;
            while (n < records.size()) {
                const std::size_t unit = 1 + trace::payloadRecordsOf(records[n]);
                if (n > 0 && n + unit > kMaxTraceRecordsPerMessage)
                    break;
                n += unit;
            }
            n = std::min(n, records.size());
            if (!sendMessage(fd_, MessageType::Trace, records.data(),
                             n * sizeof(trace::TraceRecord))) {
                gone_ = true; // the viewer died: end the run, leave nothing behind
                host_.requestStop();
            }
            records = records.subspan(n);
        }
    }

private:
    int fd_;
    Host& host_;
    bool gone_ = false;
};

void handleCommands(int fd, Host& host) {
    for (;;) {
        Message message;
        const int rc = receiveMessage(fd, message, false);
        if (rc == 0) { // the viewer is gone
            host.requestStop();
            return;
        }
        if (rc < 0)
            return;
        switch (message.type) {
        case MessageType::SetGate: {
            SetGateBody body{};
            if (message.body.size() == sizeof body) {
                std::memcpy(&body, message.body.data(), sizeof body);
                if (body.mode <= static_cast<uint32_t>(arena::GateMode::Step))
                    host.setGate(static_cast<arena::GateMode>(body.mode), body.delayNs);
            }
            break;
        }
        case MessageType::Pause: {
            uint32_t paused = 0;
            if (message.body.size() == sizeof paused) {
                std::memcpy(&paused, message.body.data(), sizeof paused);
                host.setPaused(paused != 0);
            }
            break;
        }
        case MessageType::Grant: host.grant(message.text()); break;
        case MessageType::Stop: host.requestStop(); break;
        default: break;
        }
    }
}

std::vector<std::string> readGrants(const std::string& path, std::string& error) {
    std::vector<std::string> grants;
    std::ifstream in(path);
    if (!in) {
        error = "cannot read grants file '" + path + "'";
        return grants;
    }
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        grants.push_back(line);
    }
    return grants;
}

} // namespace

int engineMain(int argc, char** argv) {
    CLI::App app{"proclab-engine: runs one ProcLab lesson on real processes"};
    std::string lessonId;
    std::vector<std::string> settings;
    std::string mode = "free";
    double delayMs = 200;
    std::string policy = "rr";
    uint64_t seed = 0;
    std::string grantsFile;
    std::string language = "zh";
    double timeout = 0;
    int controlFd = -1;
    bool keepOnDeadlock = false;
    app.add_option("--lesson", lessonId, "lesson id")->required();
    app.add_option("--set", settings, "parameter as name=value");
    app.add_option("--mode", mode, "free, paced or step")
        ->check(CLI::IsMember({"free", "paced", "step"}));
    app.add_option("--delay-ms", delayMs, "paced mode: delay at each step point")
        ->check(CLI::Range(0.0, 60000.0));
    app.add_option("--policy", policy, "step mode: manual, rr or random")
        ->check(CLI::IsMember({"manual", "rr", "random"}));
    app.add_option("--seed", seed, "random step policy seed");
    app.add_option("--grants", grantsFile, "step mode: replay these grants");
    app.add_option("--lang", language, "zh or en")->check(CLI::IsMember({"zh", "en"}));
    app.add_option("--timeout", timeout, "seconds before the run is stopped (0: none)")
        ->check(CLI::Range(0.0, 86400.0));
    app.add_option("--control-fd", controlFd, "the viewer's socket");
    app.add_flag("--keep-on-deadlock", keepOnDeadlock, "show a deadlock instead of ending the run");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    auto fail = [&](const std::string& message) {
        if (controlFd >= 0)
            sendText(controlFd, MessageType::Error, message);
        std::fprintf(stderr, "proclab-engine: %s\n", message.c_str());
        return 2;
    };
    const scenarios::Lesson* lesson = scenarios::findLesson(lessonId);
    if (lesson == nullptr)
        return fail("unknown lesson '" + lessonId + "'");
    scenarios::Params params = lesson->defaults();
    if (std::string error = lesson->apply(settings, params); !error.empty())
        return fail(error);

    HostConfig config;
    config.mode = mode == "step"    ? arena::GateMode::Step
                  : mode == "paced" ? arena::GateMode::Paced
                                    : arena::GateMode::Free;
    config.delayNs = static_cast<uint64_t>(delayMs * 1e6);
    config.language = language == "en" ? 1 : 0;
    config.timeoutSeconds = timeout;
    config.seed = seed;
    config.endOnDeadlock = !keepOnDeadlock;
    config.stepPolicy = policy == "manual"   ? control::StepPolicy::Manual
                        : policy == "random" ? control::StepPolicy::Random
                                             : control::StepPolicy::RoundRobin;
    if (!grantsFile.empty()) {
        std::string error;
        config.replay = readGrants(grantsFile, error);
        if (!error.empty())
            return fail(error);
        config.stepPolicy = control::StepPolicy::Replay;
    }

    signal(SIGPIPE, SIG_IGN);
    Host host(config);
    gHost = &host;
    struct sigaction action {};
    action.sa_handler = stopOnSignal;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);

    const uint64_t start = arena::monotonicNs();
    auto lessonMain = [&] { lesson->run(params); };
    RunResult result;
    if (controlFd >= 0) {
        const HelloBody hello{kProtocolVersion, arena::kLayoutVersion, getpid(), 0};
        if (!sendMessage(controlFd, MessageType::Hello, &hello, sizeof hello, host.arena().fd()))
            return 3;
        host.watch(controlFd, [&] { handleCommands(controlFd, host); });
        SocketSink sink(controlFd, host);
        result = host.run(lessonMain, &sink);
        EndedBody ended{};
        ended.mainExitCode = result.mainExitCode;
        ended.timedOut = result.timedOut;
        ended.stopped = result.stopped;
        ended.deadlocked = result.deadlocked;
        ended.replayDiverged = result.replayDiverged;
        ended.processesStarted = result.processesStarted;
        ended.ownerDied = result.ownerDied;
        ended.records = result.records;
        ended.virtualNowNs = host.arena().header().gate.virtualNowNs.load();
        ended.wallNs = arena::monotonicNs() - start;
        std::string grants;
        for (const auto& g : result.grants)
            grants += g + "\n";
        sendText(controlFd, MessageType::Grants, grants);
        sendMessage(controlFd, MessageType::Ended, &ended, sizeof ended);
    } else {
        PrintSink sink(host.arena(),
                       language == "en" ? scenarios::Language::En : scenarios::Language::Zh);
        result = host.run(lessonMain, &sink);
        if (result.deadlocked)
            std::printf("deadlock: every process is blocked and nothing can wake them\n");
    }
    gHost = nullptr;
    return result.timedOut || result.stopped ? 3 : 0;
}

} // namespace proclab::host
