// Proportional-share policies: stride against OSTEP's worked example, lottery (seeded) and the
// CFS-like scheduler against the shares their tickets and weights promise.
#include "sched_test_support.h"

#include "engine/sched/policies/cfs_policy.h"

using namespace proclab::sched;
using namespace proclab::sched::test;

namespace {

Workload jobsWithShares(const std::vector<std::pair<int, int>>& ticketsAndNice, Time length) {
    Workload workload;
    for (std::size_t i = 0; i < ticketsAndNice.size(); ++i) {
        Job job;
        job.name = std::string(1, static_cast<char>('A' + i));
        job.length = length;
        job.tickets = ticketsAndNice[i].first;
        job.nice = ticketsAndNice[i].second;
        workload.jobs.push_back(job);
    }
    return workload;
}

// CPU each job received in [0, until).
std::vector<Time> cpuUntil(const Result& result, std::size_t jobs, Time until) {
    std::vector<Time> cpu(jobs, 0);
    for (const Segment& segment : result.schedule)
        if (segment.kind == SegmentKind::Run && segment.start < until)
            cpu[segment.job] += std::min(segment.end, until) - segment.start;
    return cpu;
}

Settings policy(PolicyKind kind, Time quantum = 1) {
    Settings settings;
    settings.policy = kind;
    settings.quantum = quantum;
    return settings;
}

} // namespace

class FairShare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void strideFollowsOstepExample();
    void strideSharesAreExact();
    void strideNewcomerDoesNotMonopolise();
    void lotteryIsReproducibleForASeed();
    void lotterySharesFollowTickets();
    void lotteryDecisionNamesTheTicket();
    void cfsAlternatesEqualJobsByLatency();
    void cfsSharesFollowNiceWeights();
    void cfsNeverSlicesBelowMinimumGranularity();
    void cfsNewcomerStartsAtMinimumVruntime();
};

void FairShare::strideFollowsOstepExample() {
    // OSTEP ch. 9, figure 9.3: tickets 100, 50, 250 give strides 100, 200, 40 and the order
    // A B C C C A C C (ties to the job listed first).
    const Workload workload = jobsWithShares({{100, 0}, {50, 0}, {250, 0}}, 100);
    const Result result = simulate(workload, policy(PolicyKind::Stride));
    QVERIFY(scheduleText(result, workload).startsWith("0-1 A,1-2 B,2-5 C,5-6 A,6-8 C,"));
}

void FairShare::strideSharesAreExact() {
    // Tickets that divide 10000 give exact strides 100, 50, 25: shares 1/7, 2/7, 4/7.
    const Workload workload = jobsWithShares({{100, 0}, {200, 0}, {400, 0}}, 10000);
    const Result result = simulate(workload, policy(PolicyKind::Stride));
    const std::vector<Time> cpu = cpuUntil(result, 3, 7000);
    // Stride is deterministic: each job is within a quantum or two of its exact share.
    QVERIFY(std::abs(cpu[0] - 1000) <= 2);
    QVERIFY(std::abs(cpu[1] - 2000) <= 2);
    QVERIFY(std::abs(cpu[2] - 4000) <= 2);
}

void FairShare::strideNewcomerDoesNotMonopolise() {
    // B arrives after A ran 100 ticks; starting at A's pass it shares, instead of running
    // alone for 100 ticks to catch up from pass 0.
    Workload workload = jobsWithShares({{100, 0}, {100, 0}}, 200);
    workload.jobs[1].arrival = 100;
    const Result result = simulate(workload, policy(PolicyKind::Stride));
    const std::vector<Time> cpu = cpuUntil(result, 2, 200);
    QVERIFY(cpu[0] >= 145 && cpu[0] <= 155);
}

void FairShare::lotteryIsReproducibleForASeed() {
    const Workload workload = jobsWithShares({{100, 0}, {200, 0}, {300, 0}}, 50);
    Settings settings = policy(PolicyKind::Lottery);
    settings.seed = 7;
    const QByteArray first = scheduleText(simulate(workload, settings), workload);
    QCOMPARE(scheduleText(simulate(workload, settings), workload), first);
    settings.seed = 8;
    QVERIFY(scheduleText(simulate(workload, settings), workload) != first);
}

void FairShare::lotterySharesFollowTickets() {
    const Workload workload = jobsWithShares({{100, 0}, {200, 0}, {300, 0}}, 100000);
    Settings settings = policy(PolicyKind::Lottery);
    settings.seed = 42;
    const std::vector<Time> cpu = cpuUntil(simulate(workload, settings), 3, 60000);
    // 60000 draws: the standard deviation of each share is below 0.2 %; allow 2 %.
    QVERIFY2(std::abs(cpu[0] - 10000) < 1200, qPrintable(QString::number(cpu[0])));
    QVERIFY2(std::abs(cpu[1] - 20000) < 1200, qPrintable(QString::number(cpu[1])));
    QVERIFY2(std::abs(cpu[2] - 30000) < 1200, qPrintable(QString::number(cpu[2])));
}

void FairShare::lotteryDecisionNamesTheTicket() {
    const Workload workload = jobsWithShares({{100, 0}, {200, 0}}, 3);
    const Result result = simulate(workload, policy(PolicyKind::Lottery));
    bool sawDraw = false;
    for (const Event& event : result.events) {
        if (event.kind != EventKind::Dispatched && event.kind != EventKind::Continued)
            continue;
        QCOMPARE(event.rule, Rule::LotteryDraw);
        QVERIFY(event.value.numerator >= 0 && event.value.numerator < event.value.denominator);
        QVERIFY(QByteArray::fromStdString(describe(event, workload)).contains("winning ticket"));
        sawDraw = true;
    }
    QVERIFY(sawDraw);
}

void FairShare::cfsAlternatesEqualJobsByLatency() {
    // Two nice-0 jobs share the 48-tick latency: slices of 24, ties to the job listed first.
    const Workload workload = jobsWithShares({{100, 0}, {100, 0}}, 48);
    const Result result = simulate(workload, policy(PolicyKind::Cfs));
    QCOMPARE(scheduleText(result, workload), QByteArray("0-24 A,24-48 B,48-72 A,72-96 B"));
}

void FairShare::cfsSharesFollowNiceWeights() {
    // nice 0 weighs 1024, nice 5 weighs 335: A should get 1024/1359 of the CPU.
    QCOMPARE(niceToWeight(0), std::int64_t{1024});
    QCOMPARE(niceToWeight(5), std::int64_t{335});
    QCOMPARE(niceToWeight(-20), std::int64_t{88761});
    const Workload workload = jobsWithShares({{100, 0}, {100, 5}}, 100000);
    const std::vector<Time> cpu = cpuUntil(simulate(workload, policy(PolicyKind::Cfs)), 2, 20000);
    const double share = static_cast<double>(cpu[0]) / 20000.0;
    QVERIFY2(std::abs(share - 1024.0 / 1359.0) < 0.01, qPrintable(QString::number(share)));
}

void FairShare::cfsNeverSlicesBelowMinimumGranularity() {
    // Ten equal jobs: 48 / 10 would be 4.8 ticks; the minimum granularity of 6 wins.
    Workload workload = jobsWithShares(std::vector<std::pair<int, int>>(10, {100, 0}), 60);
    const Result result = simulate(workload, policy(PolicyKind::Cfs));
    for (const Segment& segment : result.schedule)
        QCOMPARE(segment.end - segment.start, Time{6});
}

void FairShare::cfsNewcomerStartsAtMinimumVruntime() {
    // A runs alone from 0; B arrives at 50 with vruntime raised to A's at its last dispatch
    // (48), so it waits for A's slice to end at 96 rather than preempting its way back from 0.
    Workload workload = jobsWithShares({{100, 0}, {100, 0}}, 100);
    workload.jobs[1].arrival = 50;
    workload.jobs[1].length = 10;
    const Result result = simulate(workload, policy(PolicyKind::Cfs));
    QCOMPARE(result.jobs[1].firstRun, Time{96});
    QCOMPARE(result.jobs[1].finish, Time{106});
}

QTEST_GUILESS_MAIN(FairShare)
#include "test_sched_fair.moc"
