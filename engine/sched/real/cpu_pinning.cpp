#include "engine/sched/real/cpu_pinning.h"

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace proclab::sched::real {

namespace {

// Idle jiffies (idle + iowait) per CPU from /proc/stat.
std::map<int, long long> idleTicks() {
    std::map<int, long long> idle;
    std::ifstream in("/proc/stat");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("cpu", 0) != 0 || line.size() < 4 || !std::isdigit(line[3]))
            continue;
        std::istringstream fields(line.substr(3));
        int cpu = 0;
        long long user = 0, nice = 0, system = 0, idleTime = 0, iowait = 0;
        if (fields >> cpu >> user >> nice >> system >> idleTime >> iowait)
            idle[cpu] = idleTime + iowait;
    }
    return idle;
}

int idlestCpu(const cpu_set_t& allowed) {
    const auto before = idleTicks();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto after = idleTicks();
    int best = -1;
    long long bestIdle = -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed))
            continue;
        const auto was = before.find(cpu);
        const auto is = after.find(cpu);
        const long long idle =
            was != before.end() && is != after.end() ? is->second - was->second : 0;
        if (idle >= bestIdle) {
            best = cpu;
            bestIdle = idle;
        }
    }
    return best;
}

} // namespace

CpuPinning::CpuPinning(std::optional<int> requested) {
    haveOriginal_ = sched_getaffinity(0, sizeof original_, &original_) == 0;
    int target = requested.value_or(-1);
    if (!requested && haveOriginal_)
        target = idlestCpu(original_);
    if (target < 0 || target >= CPU_SETSIZE) {
        problem_ = "cannot pin to CPU " + std::to_string(target) + ": no such CPU";
        return;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(target, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) {
        problem_ = "cannot pin to CPU " + std::to_string(target) +
                   " (sched_setaffinity: " + std::strerror(errno) + ")";
        return;
    }
    cpu_ = target;
}

CpuPinning::~CpuPinning() {
    if (cpu_ && haveOriginal_)
        sched_setaffinity(0, sizeof original_, &original_);
}

} // namespace proclab::sched::real
