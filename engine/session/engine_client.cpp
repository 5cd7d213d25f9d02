#include "engine/session/engine_client.h"

#include "engine/arena/pidfd.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace proclab::session {

EngineClient::~EngineClient() {
    if (pid_ > 0) {
        stop();
        finish(1000);
    }
    if (socket_ >= 0)
        close(socket_);
}

std::string EngineClient::defaultEnginePath() {
    if (const char* env = std::getenv("PROCLAB_ENGINE"); env != nullptr && *env != '\0')
        return env;
    char self[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return "proclab-engine";
    std::string dir(self, static_cast<std::size_t>(n));
    dir.erase(dir.find_last_of('/') + 1);
    return dir + "proclab-engine";
}

std::string EngineClient::start(const EngineLaunch& launch) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        return std::string("socketpair: ") + std::strerror(errno);
    const std::string path = launch.enginePath.empty() ? defaultEnginePath() : launch.enginePath;
    // The engine's end becomes its fd 3 (dup2 clears close-on-exec).
    constexpr int kEngineFd = 3;
    std::vector<std::string> args = {path,
                                     "--lesson",
                                     launch.lesson,
                                     "--mode",
                                     launch.mode,
                                     "--lang",
                                     launch.language,
                                     "--control-fd",
                                     std::to_string(kEngineFd)};
    for (const auto& s : launch.settings) {
        args.push_back("--set");
        args.push_back(s);
    }
    if (launch.mode == "paced") {
        args.push_back("--delay-ms");
        args.push_back(std::to_string(launch.delayMs));
    }
    args.push_back("--policy");
    args.push_back(launch.policy);
    args.push_back("--seed");
    args.push_back(std::to_string(launch.seed));
    if (!launch.grantsFile.empty()) {
        args.push_back("--grants");
        args.push_back(launch.grantsFile);
    }
    if (launch.timeoutSeconds > 0) {
        args.push_back("--timeout");
        args.push_back(std::to_string(launch.timeoutSeconds));
    }
    if (launch.keepOnDeadlock)
        args.push_back("--keep-on-deadlock");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pair[1], kEngineFd);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // The engine handles SIGINT/SIGTERM itself; start it with default dispositions
    // and nothing blocked, whatever the viewer does with its own signals.
    sigset_t all;
    sigset_t none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, path.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(pair[1]);
    if (rc != 0) {
        close(pair[0]);
        return "cannot start " + path + ": " + std::strerror(rc);
    }
    pid_ = pid;
    socket_ = pair[0];
    return {};
}

void EngineClient::adoptArena(int fd) {
    arena_ = arena::Arena::attach(fd, false);
    close(fd);
}

bool EngineClient::setGate(arena::GateMode mode, uint64_t delayNs) {
    const host::SetGateBody body{static_cast<uint32_t>(mode), 0, delayNs};
    return host::sendMessage(socket_, host::MessageType::SetGate, &body, sizeof body);
}

bool EngineClient::setPaused(bool paused) {
    const uint32_t body = paused ? 1 : 0;
    return host::sendMessage(socket_, host::MessageType::Pause, &body, sizeof body);
}

bool EngineClient::grant(const std::string& identity) {
    return host::sendText(socket_, host::MessageType::Grant, identity);
}

bool EngineClient::stop() {
    return host::sendMessage(socket_, host::MessageType::Stop, nullptr, 0);
}

int EngineClient::finish(int graceMs) {
    if (pid_ <= 0)
        return 0;
    const int pidfd = arena::pidfdOpen(pid_);
    if (pidfd >= 0) {
        pollfd pfd{pidfd, POLLIN, 0};
        if (poll(&pfd, 1, graceMs) <= 0) {
            // The engine is stuck: kill it. Its lesson processes notice it is gone
            // (they watch its pidfd) and exit within about a second.
            kill(pid_, SIGKILL);
        }
        close(pidfd);
    }
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace proclab::session
