#pragma once
// Pins the calling process (and so the children it forks) to one CPU, so that the supervisor
// and the job it runs share that CPU as on a uniprocessor. Restores the old mask on destruction.

#include <sched.h>

#include <optional>
#include <string>

namespace proclab::sched::real {

class CpuPinning {
public:
    // `requested`: the CPU to use; unset: the idlest CPU this process may use (sampled from
    // /proc/stat over 100 ms; ties go to the highest number), so that other load disturbs the
    // measurement as little as possible.
    explicit CpuPinning(std::optional<int> requested);
    CpuPinning(const CpuPinning&) = delete;
    CpuPinning& operator=(const CpuPinning&) = delete;
    ~CpuPinning();

    // The CPU everything runs on, or unset when pinning failed (then `problem` says why).
    std::optional<int> cpu() const { return cpu_; }
    const std::string& problem() const { return problem_; }

private:
    cpu_set_t original_{};
    bool haveOriginal_ = false;
    std::optional<int> cpu_;
    std::string problem_;
};

} // namespace proclab::sched::real
