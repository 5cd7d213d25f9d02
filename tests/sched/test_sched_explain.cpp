// Decisions are structured data (kind, rule, jobs, compared values) with an English wording on
// the side; the ready queue(s) after every event are available on request.
#include "sched_test_support.h"

using namespace proclab::sched;
using namespace proclab::sched::test;

namespace {

// The first event of `kind` at `time`.
const Event* find(const Result& result, EventKind kind, Time time) {
    for (const Event& event : result.events)
        if (event.kind == kind && event.time == time)
            return &event;
    return nullptr;
}

QByteArray text(const Event* event, const Workload& workload) {
    return event ? QByteArray::fromStdString(describe(*event, workload)) : QByteArray("<none>");
}

// The ready queue(s) of snapshot `index` as "running | level: jobs | level: jobs".
QByteArray queuesText(const Result& result, const Workload& workload, std::size_t index) {
    const QueueHistory& queues = result.queues;
    std::string out =
        queues.running(index) == kNoJob ? "-" : workload.jobs[queues.running(index)].name;
    for (std::size_t level = 0; level < queues.levelCount(index); ++level) {
        const QueueHistory::Level row = queues.level(index, level);
        out += " | " + std::to_string(row.label) + ":";
        for (JobId job : row.jobs)
            out += ' ' + workload.jobs[job].name;
    }
    return QByteArray::fromStdString(out);
}

const std::string kSrtfJobs = "P1:0:8,P2:1:4,P3:2:9,P4:3:5";

} // namespace

class Explanations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void preemptionIsStructured();
    void decisionsInWords_data();
    void decisionsInWords();
    void everyDecisionHasARule();
    void mlfqReportsDemotionAndBoost();
    void queuesAfterEveryEvent();
    void mlfqQueuesAreRowsPerLevel();
    void recordingCanBeTurnedOff();
    void timeCursorFindsTheDecisionInForce();
};

void Explanations::preemptionIsStructured() {
    const Result result = run("srtf", 0, "", kSrtfJobs);
    const Event* preemption = find(result, EventKind::Preempted, 1);
    QVERIFY(preemption);
    QCOMPARE(preemption->rule, Rule::ShortestRemaining);
    QCOMPARE(preemption->job, JobId{1});   // P2 ...
    QCOMPARE(preemption->other, JobId{0}); // ... takes the CPU from P1
    QCOMPARE(preemption->value.numerator, std::int64_t{4});
    QCOMPARE(preemption->otherValue.numerator, std::int64_t{7});
    QVERIFY(isDecision(preemption->kind));
    QVERIFY(!isDecision(EventKind::Arrived));
}

void Explanations::decisionsInWords_data() {
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<int>("quantum");
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QByteArray>("jobs");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("time");
    QTest::addColumn<QByteArray>("words");

    const QByteArray srtf = QByteArray::fromStdString(kSrtfJobs);
    QTest::newRow("srtf preemption")
        << QByteArray("srtf") << 0 << QByteArray() << srtf << int(EventKind::Preempted) << 1
        << QByteArray("P2 preempts P1: remaining 4 < 7");
    // P3 (9) arrives at 2; the best waiting job is P1 (7), and P2 (3) still wins.
    QTest::newRow("srtf keeps the CPU")
        << QByteArray("srtf") << 0 << QByteArray() << srtf << int(EventKind::Kept) << 2
        << QByteArray("P2 keeps the CPU: remaining 3 < P1's 7");
    QTest::newRow("srtf dispatch with runner-up")
        << QByteArray("srtf") << 0 << QByteArray() << srtf << int(EventKind::Dispatched) << 5
        << QByteArray("P4 runs: lowest remaining 5 (next: P1 with 7)");
    QTest::newRow("sjf tie by arrival")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("A:0:5,B:2:3,C:1:3")
        << int(EventKind::Dispatched) << 5
        << QByteArray("C runs: lowest next burst 3 (next: B with 3) "
                      "(tie broken by earlier arrival)");
    QTest::newRow("sjf tie by list order")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("A:0:3,B:0:3")
        << int(EventKind::Dispatched) << 0
        << QByteArray("A runs: lowest next burst 3 (next: B with 3) "
                      "(tie broken by list order)");
    QTest::newRow("hrrn ratio") << QByteArray("hrrn") << 0 << QByteArray()
                                << QByteArray("A:0:3,B:2:6,C:4:4,D:6:5,E:8:2")
                                << int(EventKind::Dispatched) << 9
                                << QByteArray(
                                       "C runs: highest response ratio 2.25 (next: D with 1.60)");
    QTest::newRow("srtf tie keeps the CPU")
        << QByteArray("srtf") << 0 << QByteArray() << QByteArray("A:0:5,B:2:3")
        << int(EventKind::Kept) << 2
        << QByteArray("A keeps the CPU: remaining 3 = B's 3 (a tie does not preempt)");
    QTest::newRow("priority higher-first")
        << QByteArray("ppriority") << 0 << QByteArray("priority-order=higher-first")
        << QByteArray("A:0:5:3,B:1:2:9") << int(EventKind::Preempted) << 1
        << QByteArray("B preempts A: priority 9 > 3");
    QTest::newRow("priority") << QByteArray("ppriority") << 0 << QByteArray()
                              << QByteArray("A:0:5:3,B:1:2:1") << int(EventKind::Preempted) << 1
                              << QByteArray("B preempts A: priority 1 < 3");
    QTest::newRow("rr quantum") << QByteArray("rr") << 2 << QByteArray()
                                << QByteArray("A:0:4,B:2:2") << int(EventKind::QuantumExpired) << 2
                                << QByteArray("A used its quantum of 2");
    QTest::newRow("rr tie, newcomer first")
        << QByteArray("rr") << 2 << QByteArray() << QByteArray("A:0:4,B:2:2")
        << int(EventKind::Requeued) << 2
        << QByteArray("A is requeued behind the jobs that became ready at the same instant "
                      "(arrival-before-preempted=true)");
    QTest::newRow("rr tie, preempted first")
        << QByteArray("rr") << 2 << QByteArray("arrival-before-preempted=false")
        << QByteArray("A:0:4,B:2:2") << int(EventKind::Requeued) << 2
        << QByteArray("A is requeued ahead of the jobs that become ready at the same instant "
                      "(arrival-before-preempted=false)");
    QTest::newRow("rr continues alone")
        << QByteArray("rr") << 2 << QByteArray() << QByteArray("A:0:4") << int(EventKind::Continued)
        << 2 << QByteArray("A continues: no other job is ready");
    QTest::newRow("idle") << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("A:0:2,B:5:3")
                          << int(EventKind::Idle) << 2 << QByteArray("CPU idle: no job is ready");
    QTest::newRow("io") << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("A:0:4:0:2:3")
                        << int(EventKind::IoStarted) << 2 << QByteArray("A starts I/O for 3");
}

void Explanations::decisionsInWords() {
    QFETCH(QByteArray, policy);
    QFETCH(int, quantum);
    QFETCH(QByteArray, settings);
    QFETCH(QByteArray, jobs);
    QFETCH(int, kind);
    QFETCH(int, time);
    QFETCH(QByteArray, words);
    const Workload workload = jobsFrom(jobs.toStdString());
    const Result result =
        run(policy.toStdString(), quantum, settings.toStdString(), jobs.toStdString());
    QCOMPARE(text(find(result, static_cast<EventKind>(kind), time), workload), words);
}

void Explanations::everyDecisionHasARule() {
    for (PolicyKind policy : allPolicies()) {
        Settings settings;
        settings.policy = policy;
        settings.quantum = 2;
        const Workload workload = jobsFrom("A:0:7:2,B:1:3:1,C:2:5:3,D:9:2:0,E:30:4:2");
        const Result result = simulate(workload, settings);
        int decisions = 0;
        for (const Event& event : result.events) {
            QVERIFY(!describe(event, workload).empty());
            if (event.kind == EventKind::Dispatched || event.kind == EventKind::Preempted) {
                QVERIFY2(event.rule != Rule::None, policyName(policy).data());
                ++decisions;
            }
        }
        QVERIFY(decisions >= 5);
    }
}

void Explanations::mlfqReportsDemotionAndBoost() {
    Settings settings;
    settings.policy = PolicyKind::Mlfq;
    settings.mlfq.quanta = {2, 2};
    settings.mlfq.allotments = {1, 1};
    settings.mlfq.boostPeriod = 5;
    const Workload workload = jobsFrom("A:0:6,B:0:6");
    const Result result = simulate(workload, settings);
    QCOMPARE(text(find(result, EventKind::Demoted, 2), workload),
             QByteArray("A moves down from level 1 to level 0: allotment used up"));
    QCOMPARE(text(find(result, EventKind::Boosted, 5), workload),
             QByteArray("priority boost: every job moves to the top level"));
    QCOMPARE(text(find(result, EventKind::Dispatched, 4), workload),
             QByteArray("A runs: head of the highest non-empty queue (level 0)"));
}

void Explanations::queuesAfterEveryEvent() {
    const Workload workload = jobsFrom("A:0:4,B:2:2,C:2:1");
    const Result result = run("rr", 2, "", "A:0:4,B:2:2,C:2:1", RecordOptions{true, true, true});
    QCOMPARE(result.queues.size(), result.events.size());
    for (std::size_t i = 0; i < result.queues.size(); ++i)
        QCOMPARE(result.queues.eventIndex(i), i);
    // At 2: A's quantum ends, B and C arrive, A goes behind them, B runs.
    const std::size_t atTwo = result.queues.lastAtOrBefore(2);
    QCOMPARE(result.events[atTwo].kind, EventKind::Dispatched);
    QCOMPARE(queuesText(result, workload, atTwo), QByteArray("B | 0: C A"));
    QCOMPARE(queuesText(result, workload, result.queues.lastAtOrBefore(4)), QByteArray("C | 0: A"));
    QCOMPARE(result.queues.lastAtOrBefore(-1), result.queues.size());
}

void Explanations::mlfqQueuesAreRowsPerLevel() {
    Settings settings;
    settings.policy = PolicyKind::Mlfq;
    settings.mlfq.quanta = {1, 2, 4};
    settings.mlfq.allotments = {1, 1, 1};
    const Workload workload = jobsFrom("A:0:9,B:0:9,C:0:9");
    const Result result = simulate(workload, settings, RecordOptions{true, true, true});
    // At 3 all three used one quantum at the top: A runs at level 1, B and C wait there.
    const std::size_t index = result.queues.lastAtOrBefore(3);
    QCOMPARE(result.queues.levelCount(index), std::size_t{3});
    QCOMPARE(queuesText(result, workload, index), QByteArray("A | 2: | 1: B C | 0:"));
}

void Explanations::recordingCanBeTurnedOff() {
    const Workload workload = jobsFrom(kSrtfJobs);
    Settings settings;
    settings.policy = PolicyKind::Srtf;
    const Result full = simulate(workload, settings, RecordOptions{true, true, true});
    const Result bare = simulate(workload, settings, RecordOptions{false, false, false});
    QVERIFY(bare.events.empty());
    QVERIFY(bare.schedule.empty());
    QVERIFY(bare.queues.empty());
    QVERIFY(!full.queues.empty());
    QVERIFY(simulate(workload, settings).queues.empty()); // off unless asked for
    QCOMPARE(bare.summary.waitingSum, full.summary.waitingSum);
    QCOMPARE(bare.summary.contextSwitches, full.summary.contextSwitches);
    QCOMPARE(bare.jobs[2].finish, full.jobs[2].finish);
}

void Explanations::timeCursorFindsTheDecisionInForce() {
    const Workload workload = jobsFrom(kSrtfJobs);
    const Result result = run("srtf", 0, "", kSrtfJobs);
    QCOMPARE(text(lastDecisionAtOrBefore(result.events, 3), workload),
             QByteArray("P2 keeps the CPU: remaining 2 < P4's 5")); // P4 arrived at 3
    QCOMPARE(text(lastDecisionAtOrBefore(result.events, 1), workload),
             QByteArray("P2 preempts P1: remaining 4 < 7"));
    QCOMPARE(text(lastDecisionAtOrBefore(result.events, 12), workload),
             QByteArray("P1 runs: lowest remaining 7 (next: P3 with 9)"));
    QVERIFY(lastDecisionAtOrBefore(result.events, -1) == nullptr);
}

QTEST_GUILESS_MAIN(Explanations)
#include "test_sched_explain.moc"
