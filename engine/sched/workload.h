#pragma once
// The input of a simulation: jobs with their arrival, CPU demand, optional I/O, priority and
// shares. A job's work is a sequence of CPU bursts separated by I/O waits, given either OSTEP's
// way (an I/O of `ioTime` after every `ioEvery` ticks of CPU) or as an explicit burst list.

#include "engine/sched/types.h"

#include <optional>
#include <string>
#include <vector>

namespace proclab::sched {

struct Job {
    std::string name;
    Time arrival = 0;
    Time length = 0;            // total CPU time; with `bursts`, the sum of the CPU bursts
    int priority = 0;           // meaning set by Settings::priorityOrder
    Time ioEvery = 0;           // 0: no periodic I/O
    std::optional<Time> ioTime; // unset: Settings::ioTime (like mlfq.py -i)
    std::vector<Time> bursts;   // explicit: CPU, I/O, CPU, ..., CPU (odd count); empty: unused
    int tickets = 100;          // lottery and stride share
    int nice = 0;               // CFS weight, -20..19 as in Linux
};

struct Workload {
    std::vector<Job> jobs;
};

// The burst structure of one job, resolved against the default I/O time.
class BurstPlan {
public:
    BurstPlan(const Job& job, Time defaultIoTime);

    std::size_t cpuBurstCount() const { return count_; }
    Time cpuBurst(std::size_t index) const;
    // The I/O that follows CPU burst `index` (there is none after the last one).
    Time ioAfter(std::size_t index) const;

private:
    const Job* job_;
    Time ioTime_;
    std::size_t count_;
};

} // namespace proclab::sched
