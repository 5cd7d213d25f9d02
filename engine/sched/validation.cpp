#include "engine/sched/validation.h"

#include "engine/sched/large_arrays.h"
#include "engine/sched/limits.h"

#include <algorithm>
#include <functional>
#include <string_view>

namespace proclab::sched {

namespace {

std::string jobLabel(std::size_t index, const Job& job) {
    std::string label = "job " + std::to_string(index + 1);
    if (!job.name.empty())
        label += " (" + job.name + ")";
    return label;
}

std::string range(std::int64_t lowest, std::int64_t highest) {
    return "from " + std::to_string(lowest) + " to " + std::to_string(highest);
}

class ProblemList {
public:
    // `subject` is only evaluated when there is a problem to report (it allocates).
    template <typename Subject>
    void checkRange(std::optional<std::size_t> job, const Subject& subject, std::string_view field,
                    std::int64_t value, std::int64_t lowest, std::int64_t highest) {
        if (value >= lowest && value <= highest)
            return;
        add(job, field,
            subject() + ": " + std::string(field) + " must be " + range(lowest, highest) +
                ", got " + std::to_string(value));
    }

    void add(std::optional<std::size_t> job, std::string_view field, std::string message) {
        problems_.push_back(Problem{job, std::string(field), std::move(message)});
    }

    std::vector<Problem> take() { return std::move(problems_); }

private:
    std::vector<Problem> problems_;
};

bool hasControlCharacter(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return true;
    return false;
}

// Jobs whose name an earlier job already has, as (job, earlier job) in job order. Sorting name
// hashes touches memory in order, several times faster on a million names than probing a hash
// table (a cache miss per job).
std::vector<std::pair<std::size_t, std::size_t>> duplicateNames(const Workload& workload) {
    struct Entry {
        std::uint64_t hash;
        std::uint32_t job; // job counts stay below 2^32 (limits::kMaxJobs)
    };
    std::vector<Entry> entries;
    reserveLarge(entries, workload.jobs.size());
    for (std::size_t i = 0; i < workload.jobs.size(); ++i)
        entries.push_back(Entry{std::hash<std::string_view>{}(workload.jobs[i].name),
                                static_cast<std::uint32_t>(i)});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.job < b.job;
    });
    std::vector<std::pair<std::size_t, std::size_t>> duplicates;
    for (std::size_t first = 0; first < entries.size();) {
        std::size_t last = first + 1;
        while (last < entries.size() && entries[last].hash == entries[first].hash)
            ++last;
        // Equal hashes: compare the names themselves, each with the first one like it.
        for (std::size_t i = first + 1; i < last; ++i)
            for (std::size_t j = first; j < i; ++j)
                if (workload.jobs[entries[i].job].name == workload.jobs[entries[j].job].name) {
                    duplicates.emplace_back(entries[i].job, entries[j].job);
                    break;
                }
        first = last;
    }
    std::sort(duplicates.begin(), duplicates.end());
    return duplicates;
}

void validateBursts(ProblemList& problems, std::size_t index, const Job& job) {
    const auto label = [&] { return jobLabel(index, job); };
    if (job.bursts.size() % 2 == 0) {
        problems.add(index, "bursts",
                     label() +
                         ": bursts must alternate CPU and I/O and end with CPU "
                         "(an odd count), got " +
                         std::to_string(job.bursts.size()) + " values");
        return;
    }
    Time cpu = 0;
    for (std::size_t i = 0; i < job.bursts.size(); ++i) {
        const bool isCpu = i % 2 == 0;
        const std::string field =
            "bursts[" + std::to_string(i) + "]" + (isCpu ? " (CPU)" : " (I/O)");
        problems.checkRange(index, label, field, job.bursts[i], isCpu ? 1 : 0,
                            limits::kMaxDuration);
        if (isCpu && job.bursts[i] > 0)
            cpu += job.bursts[i];
    }
    if (job.length != 0 && job.length != cpu)
        problems.add(index, "length",
                     label() + ": length " + std::to_string(job.length) +
                         " does not match the CPU bursts, which add up to " + std::to_string(cpu));
    if (job.ioEvery != 0)
        problems.add(index, "io_every", label() + ": give either bursts or io_every, not both");
}

} // namespace

std::vector<Problem> validateWorkload(const Workload& workload) {
    ProblemList problems;
    if (workload.jobs.empty())
        problems.add(std::nullopt, "jobs", "the workload has no jobs");
    if (workload.jobs.size() > limits::kMaxJobs)
        problems.add(std::nullopt, "jobs",
                     "too many jobs: " + std::to_string(workload.jobs.size()) + " (at most " +
                         std::to_string(limits::kMaxJobs) + ")");
    const auto duplicates = duplicateNames(workload);
    auto nextDuplicate = duplicates.begin();
    for (std::size_t i = 0; i < workload.jobs.size(); ++i) {
        const Job& job = workload.jobs[i];
        const auto label = [&] { return jobLabel(i, job); };
        while (nextDuplicate != duplicates.end() && nextDuplicate->first < i)
            ++nextDuplicate; // already reported as an empty or bad name
        if (job.name.empty())
            problems.add(i, "name", label() + ": name must not be empty");
        else if (job.name.size() > limits::kMaxNameLength)
            problems.add(i, "name",
                         label() + ": name must be at most " +
                             std::to_string(limits::kMaxNameLength) + " characters");
        else if (hasControlCharacter(job.name))
            problems.add(i, "name", label() + ": name must not contain control characters");
        else if (nextDuplicate != duplicates.end() && nextDuplicate->first == i)
            problems.add(i, "name",
                         label() + ": name is already used by job " +
                             std::to_string((nextDuplicate++)->second + 1));
        problems.checkRange(i, label, "arrival", job.arrival, 0, limits::kMaxArrival);
        if (!job.bursts.empty())
            validateBursts(problems, i, job);
        else
            problems.checkRange(i, label, "length", job.length, 1, limits::kMaxDuration);
        problems.checkRange(i, label, "priority", job.priority, -limits::kMaxPriority,
                            limits::kMaxPriority);
        problems.checkRange(i, label, "io_every", job.ioEvery, 0, limits::kMaxDuration);
        if (job.ioTime)
            problems.checkRange(i, label, "io_time", *job.ioTime, 0, limits::kMaxDuration);
        problems.checkRange(i, label, "tickets", job.tickets, 1, limits::kMaxTickets);
        problems.checkRange(i, label, "nice", job.nice, limits::kMinNice, limits::kMaxNice);
    }
    return problems.take();
}

std::vector<Problem> validateSettings(const Settings& settings) {
    ProblemList problems;
    const auto subject = [] { return std::string("settings"); };
    if (settings.quantum != 0)
        problems.checkRange(std::nullopt, subject, "quantum", settings.quantum, 1,
                            limits::kMaxDuration);
    problems.checkRange(std::nullopt, subject, "switch-cost", settings.switchCost, 0,
                        limits::kMaxDuration);
    problems.checkRange(std::nullopt, subject, "aging", settings.agingInterval, 0,
                        limits::kMaxDuration);
    problems.checkRange(std::nullopt, subject, "io-time", settings.ioTime, 0, limits::kMaxDuration);
    problems.checkRange(std::nullopt, subject, "cfs-latency", settings.cfsLatency, 1,
                        limits::kMaxDuration);
    problems.checkRange(std::nullopt, subject, "cfs-min-granularity", settings.cfsMinGranularity, 1,
                        limits::kMaxDuration);

    const MlfqSettings& mlfq = settings.mlfq;
    const auto levels = static_cast<std::int64_t>(mlfq.quanta.size());
    problems.checkRange(std::nullopt, subject, "levels", levels, 1,
                        static_cast<std::int64_t>(limits::kMaxLevels));
    if (mlfq.allotments.size() != mlfq.quanta.size())
        problems.add(std::nullopt, "allotments",
                     "settings: there are " + std::to_string(mlfq.quanta.size()) + " levels but " +
                         std::to_string(mlfq.allotments.size()) +
                         " allotments; give one allotment per level");
    for (std::size_t i = 0; i < mlfq.quanta.size(); ++i)
        problems.checkRange(std::nullopt, subject, "quanta[" + std::to_string(i) + "]",
                            mlfq.quanta[i], 1, limits::kMaxDuration);
    for (std::size_t i = 0; i < mlfq.allotments.size(); ++i)
        problems.checkRange(std::nullopt, subject, "allotments[" + std::to_string(i) + "]",
                            mlfq.allotments[i], 1, limits::kMaxAllotment);
    problems.checkRange(std::nullopt, subject, "boost", mlfq.boostPeriod, 0, limits::kMaxDuration);
    return problems.take();
}

std::vector<Problem> validate(const Workload& workload, const Settings& settings) {
    std::vector<Problem> problems = validateSettings(settings);
    std::vector<Problem> jobProblems = validateWorkload(workload);
    problems.insert(problems.end(), std::make_move_iterator(jobProblems.begin()),
                    std::make_move_iterator(jobProblems.end()));
    return problems;
}

} // namespace proclab::sched
