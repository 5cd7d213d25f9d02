// Properties that every schedule must have, over thousands of seeded random workloads and all
// policies with random settings: the CPU never idles while a job is ready, no job runs before
// it arrives, each job gets exactly its CPU, the record is self-consistent and identical on every
// run; and the optimality results textbooks state (SJF among non-preemptive policies, SRTF
// overall) hold.
#include "sched_test_support.h"

#include "engine/sched/random.h"

#include <algorithm>
#include <numeric>

using namespace proclab::sched;
using namespace proclab::sched::test;

namespace {

constexpr int kWorkloads = 4000;

std::int64_t uniform(SplitMix64& random, std::int64_t low, std::int64_t high) {
    return low +
           static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(high - low + 1)));
}

bool chance(SplitMix64& random, int percent) {
    return uniform(random, 1, 100) <= percent;
}

Workload randomWorkload(SplitMix64& random, bool allAtZero, bool withIo) {
    Workload workload;
    const auto count = uniform(random, 1, 12);
    for (std::int64_t i = 0; i < count; ++i) {
        Job job;
        job.name = "J" + std::to_string(i);
        job.arrival = allAtZero || chance(random, 30) ? 0 : uniform(random, 0, 40);
        job.length = uniform(random, 1, 15);
        job.priority = static_cast<int>(uniform(random, 0, 5));
        job.tickets = static_cast<int>(uniform(random, 1, 300));
        job.nice = static_cast<int>(uniform(random, -5, 5));
        if (withIo && chance(random, 30)) {
            if (chance(random, 70)) {
                job.ioEvery = uniform(random, 1, 5);
                if (chance(random, 50))
                    job.ioTime = uniform(random, 0, 6);
            } else {
                job.bursts.clear();
                const auto bursts = uniform(random, 1, 3);
                for (std::int64_t b = 0; b < bursts; ++b) {
                    if (b > 0)
                        job.bursts.push_back(uniform(random, 0, 6));
                    job.bursts.push_back(uniform(random, 1, 8));
                }
                job.length = 0;
            }
        }
        workload.jobs.push_back(job);
    }
    return workload;
}

Settings randomSettings(SplitMix64& random, PolicyKind policy) {
    Settings settings;
    settings.policy = policy;
    settings.quantum = uniform(random, 1, 5);
    if (chance(random, 50))
        settings.arrivalBeforePreempted = chance(random, 50);
    settings.priorityOrder =
        chance(random, 50) ? PriorityOrder::LowerFirst : PriorityOrder::HigherFirst;
    settings.switchCost = chance(random, 20) ? uniform(random, 1, 2) : 0;
    settings.agingInterval = chance(random, 30) ? uniform(random, 1, 5) : 0;
    settings.ioTime = uniform(random, 0, 6);
    settings.seed = random.next();
    settings.cfsLatency = uniform(random, 4, 20);
    settings.cfsMinGranularity = uniform(random, 1, 4);
    const auto levels = uniform(random, 1, 4);
    settings.mlfq.quanta.clear();
    settings.mlfq.allotments.clear();
    for (std::int64_t i = 0; i < levels; ++i) {
        settings.mlfq.quanta.push_back(uniform(random, 1, 6));
        settings.mlfq.allotments.push_back(static_cast<int>(uniform(random, 1, 3)));
    }
    settings.mlfq.boostPeriod = chance(random, 40) ? uniform(random, 2, 30) : 0;
    settings.mlfq.stayAfterIo = chance(random, 30);
    settings.mlfq.ioToFront = chance(random, 30);
    return settings;
}

// Checks one result; returns an empty string or what is wrong.
std::string problemsOf(const Workload& workload, const Settings& settings, const Result& result) {
    const Summary& summary = result.summary;
    const std::size_t count = workload.jobs.size();
    std::vector<Time> received(count, 0);
    std::vector<Time> lastEnd(count, -1);
    std::vector<Time> firstStart(count, -1);
    std::vector<Time> io(count, 0);
    for (const IoPeriod& period : result.io)
        io[period.job] += period.end - period.start;

    // The schedule tiles [start, end] without gaps or overlaps.
    if (result.schedule.empty() || result.schedule.front().start != summary.start ||
        result.schedule.back().end != summary.end)
        return "schedule does not span the run";
    Time busy = 0, idle = 0, switching = 0;
    for (std::size_t i = 0; i < result.schedule.size(); ++i) {
        const Segment& segment = result.schedule[i];
        if (segment.end <= segment.start)
            return "empty segment";
        if (i > 0 && segment.start != result.schedule[i - 1].end)
            return "gap or overlap at " + std::to_string(segment.start);
        const Time length = segment.end - segment.start;
        if (segment.kind == SegmentKind::Run) {
            const JobId job = segment.job;
            if (segment.start < workload.jobs[job].arrival)
                return workload.jobs[job].name + " runs before it arrives";
            received[job] += length;
            if (firstStart[job] < 0)
                firstStart[job] = segment.start;
            lastEnd[job] = segment.end;
            busy += length;
        } else if (segment.kind == SegmentKind::Idle) {
            idle += length;
            // Work conservation: every job is not yet there, done, or in I/O for the whole gap.
            for (JobId job = 0; job < count; ++job) {
                const JobMetrics& m = result.jobs[job];
                if (m.arrival >= segment.end || m.finish <= segment.start)
                    continue;
                const bool inIo =
                    std::any_of(result.io.begin(), result.io.end(), [&](const IoPeriod& p) {
                        return p.job == job && p.start <= segment.start && p.end >= segment.end;
                    });
                if (!inIo)
                    return "CPU idle at " + std::to_string(segment.start) + " while " +
                           workload.jobs[job].name + " is ready";
            }
        } else {
            switching += length;
        }
    }
    if (busy != summary.busy || idle != summary.idle || switching != summary.switching)
        return "summary times disagree with the schedule";

    std::int64_t responseSum = 0, turnaroundSum = 0, waitingSum = 0;
    for (JobId job = 0; job < count; ++job) {
        const JobMetrics& m = result.jobs[job];
        if (received[job] != m.length)
            return workload.jobs[job].name + " received " + std::to_string(received[job]) +
                   " instead of " + std::to_string(m.length);
        if (m.finish != lastEnd[job] || m.firstRun != firstStart[job])
            return workload.jobs[job].name + ": metrics disagree with the schedule";
        if (m.io != io[job] || m.response() < 0 || m.waiting() < 0)
            return workload.jobs[job].name + ": inconsistent response, waiting or I/O";
        responseSum += m.response();
        turnaroundSum += m.turnaround();
        waitingSum += m.waiting();
    }
    if (responseSum != summary.responseSum || turnaroundSum != summary.turnaroundSum ||
        waitingSum != summary.waitingSum)
        return "sums disagree";

    if (settings.switchCost == 0) {
        std::uint64_t switches = 0;
        JobId previous = kNoJob;
        for (const Segment& segment : result.schedule) {
            if (segment.kind != SegmentKind::Run)
                continue;
            if (previous != kNoJob && previous != segment.job)
                ++switches;
            previous = segment.job;
        }
        if (switches != summary.contextSwitches)
            return "context switches disagree with the schedule";
    }

    // Ready queues: never the running job, only jobs that are there, each once.
    for (std::size_t s = 0; s < result.queues.size(); ++s) {
        const Time time = result.queues.time(s);
        std::vector<JobId> seen;
        for (std::size_t level = 0; level < result.queues.levelCount(s); ++level)
            for (JobId job : result.queues.level(s, level).jobs) {
                if (job == result.queues.running(s))
                    return "running job listed as waiting";
                if (result.jobs[job].arrival > time || result.jobs[job].finish < time)
                    return "queue holds a job that is not in the system";
                seen.push_back(job);
            }
        std::sort(seen.begin(), seen.end());
        if (std::adjacent_find(seen.begin(), seen.end()) != seen.end())
            return "job queued twice";
    }
    return {};
}

bool sameResult(const Result& a, const Result& b) {
    const auto sameSegment = [](const Segment& x, const Segment& y) {
        return x.start == y.start && x.end == y.end && x.job == y.job && x.kind == y.kind;
    };
    const auto sameEvent = [](const Event& x, const Event& y) {
        return x.time == y.time && x.kind == y.kind && x.rule == y.rule && x.job == y.job &&
               x.other == y.other && x.value.numerator == y.value.numerator &&
               x.value.denominator == y.value.denominator;
    };
    return std::equal(a.schedule.begin(), a.schedule.end(), b.schedule.begin(), b.schedule.end(),
                      sameSegment) &&
           std::equal(a.events.begin(), a.events.end(), b.events.begin(), b.events.end(),
                      sameEvent) &&
           a.summary.turnaroundSum == b.summary.turnaroundSum;
}

} // namespace

class ScheduleProperties : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyPolicyOnRandomWorkloads_data();
    void everyPolicyOnRandomWorkloads();
    void sjfHasLeastWaitingAmongNonPreemptive();
    void srtfHasLeastTurnaroundOfAll();
};

void ScheduleProperties::everyPolicyOnRandomWorkloads_data() {
    QTest::addColumn<int>("policyIndex");
    for (PolicyKind policy : allPolicies())
        QTest::newRow(policyName(policy).data()) << static_cast<int>(policy);
}

void ScheduleProperties::everyPolicyOnRandomWorkloads() {
    QFETCH(int, policyIndex);
    const auto policy = static_cast<PolicyKind>(policyIndex);
    SplitMix64 random(0x5eed0000u + static_cast<std::uint64_t>(policyIndex));
    for (int i = 0; i < kWorkloads; ++i) {
        const Workload workload = randomWorkload(random, chance(random, 25), chance(random, 60));
        const Settings settings = randomSettings(random, policy);
        const RecordOptions record{true, true, i % 10 == 0};
        Result first;
        try {
            first = simulate(workload, settings, record);
        } catch (const std::exception& error) {
            QFAIL(qPrintable(
                QStringLiteral("workload %1: %2").arg(i).arg(QString::fromUtf8(error.what()))));
        }
        const std::string problem = problemsOf(workload, settings, first);
        if (!problem.empty())
            QFAIL(qPrintable(
                QString::fromStdString("workload " + std::to_string(i) + ": " + problem)));
        QVERIFY2(sameResult(first, simulate(workload, settings, record)),
                 qPrintable(QStringLiteral("workload %1 differs between runs").arg(i)));
    }
}

void ScheduleProperties::sjfHasLeastWaitingAmongNonPreemptive() {
    SplitMix64 random(0xabcdefu);
    for (int i = 0; i < kWorkloads; ++i) {
        const Workload workload = randomWorkload(random, true, false);
        Settings settings;
        settings.policy = PolicyKind::Sjf;
        const std::int64_t sjf = simulate(workload, settings).summary.waitingSum;
        for (PolicyKind other : {PolicyKind::Fcfs, PolicyKind::Priority, PolicyKind::Hrrn}) {
            settings.policy = other;
            QVERIFY(sjf <= simulate(workload, settings).summary.waitingSum);
        }
        // And any order at all: run the jobs back to back in a random order.
        std::vector<Time> lengths;
        for (const Job& job : workload.jobs)
            lengths.push_back(job.length);
        for (std::size_t k = lengths.size(); k > 1; --k)
            std::swap(lengths[k - 1], lengths[random.below(k)]);
        std::int64_t waiting = 0, clock = 0;
        for (Time length : lengths) {
            waiting += clock;
            clock += length;
        }
        QVERIFY(sjf <= waiting);
    }
}

void ScheduleProperties::srtfHasLeastTurnaroundOfAll() {
    // Shortest remaining time first minimises total turnaround (single bursts, no switch cost).
    SplitMix64 random(0x5274u);
    for (int i = 0; i < kWorkloads; ++i) {
        const Workload workload = randomWorkload(random, false, false);
        Settings settings = randomSettings(random, PolicyKind::Srtf);
        settings.switchCost = 0;
        const std::int64_t srtf = simulate(workload, settings).summary.turnaroundSum;
        for (PolicyKind other : allPolicies()) {
            settings.policy = other;
            QVERIFY2(srtf <= simulate(workload, settings).summary.turnaroundSum,
                     policyName(other).data());
        }
    }
}

QTEST_GUILESS_MAIN(ScheduleProperties)
#include "test_sched_properties.moc"
