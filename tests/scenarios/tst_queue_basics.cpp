// The queue-basics lesson: Queue(3), Full from put_nowait, Empty from get_nowait and
// from get(timeout), first in first out; and put() on a full queue ending as a deadlock.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <unistd.h>

#include <set>
#include <string>
#include <vector>

namespace {

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;
using proclab::trace::Op;
using proclab::trace::Phase;

proclab::host::HostConfig configFor(bool step) {
    return step ? stepConfig() : testConfig();
}

// Every lesson process the run traced is gone from /proc.
bool nothingLeft(const LessonRun& run) {
    std::set<int> pids;
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        if ((run.records[i].flags & proclab::trace::kFlagHost) == 0)
            pids.insert(run.records[i].pid);
        i += proclab::trace::payloadRecordsOf(run.records[i]);
    }
    for (int pid : pids)
        if (!proclab::testing::processGone(pid))
            return false;
    return !pids.empty();
}

} // namespace

class QueueBasicsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void methodsBehaveAsInPython_data();
    void methodsBehaveAsInPython();
    void printsWhatTheTutorialPrints_data();
    void printsWhatTheTutorialPrints();
    void timeoutWaitsOnTheClock();
    void blockingPutEndsAsDeadlock_data();
    void blockingPutEndsAsDeadlock();
};

void QueueBasicsTest::methodsBehaveAsInPython_data() {
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("maxsize");
    QTest::newRow("free, Queue(3)") << false << 3;
    QTest::newRow("stepped, Queue(3)") << true << 3;
    QTest::newRow("free, Queue(7)") << false << 7;
    QTest::newRow("stepped, Queue(1)") << true << 1;
}

void QueueBasicsTest::methodsBehaveAsInPython() {
    QFETCH(bool, step);
    QFETCH(int, maxsize);
    auto run = runScenario("queue-basics", {"maxsize=" + std::to_string(maxsize), "timeout=0.05"},
                           configFor(step));
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(run.result.mainExitCode, 0);
    const auto out = run.outcomes();
    QCOMPARE(out.at("put"), maxsize);
    QCOMPARE(out.at("got"), maxsize);
    QCOMPARE(out.at("full_raised"), 1);
    QCOMPARE(out.at("empty_raised"), 1);
    QCOMPARE(out.at("timeout_raised"), 1);
    QCOMPARE(run.invariants().size(), std::size_t{4});
    QVERIFY(run.invariantsHeld());
    // put_nowait failed once; get_nowait and the timed get failed once each.
    QCOMPARE(run.count(Op::Put, Phase::Fail), std::size_t{1});
    QCOMPARE(run.count(Op::Get, Phase::Fail), std::size_t{2});
    QVERIFY(nothingLeft(run));
}

void QueueBasicsTest::printsWhatTheTutorialPrints_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void QueueBasicsTest::printsWhatTheTutorialPrints() {
    QFETCH(bool, step);
    // Stepped, the 2 s of get(timeout=2) pass on the virtual clock: the default runs.
    auto run = runScenario(
        "queue-basics", step ? std::vector<std::string>{} : std::vector<std::string>{"timeout=0.1"},
        configFor(step));
    const std::string wait = step ? "2" : "0.1";
    const std::vector<std::string> zh{"队列已经满了",
                                      "True",
                                      "3",
                                      "2",
                                      "1",
                                      "队列已经空了",
                                      "True",
                                      "等了 " + wait + " 秒还是没有值：抛出 queue.Empty"};
    const std::vector<std::string> en{"the queue is full",
                                      "True",
                                      "3",
                                      "2",
                                      "1",
                                      "the queue is empty",
                                      "True",
                                      "waited " + wait +
                                          " s and still nothing: queue.Empty raised"};
    QCOMPARE(run.lines(true), zh);
    QCOMPARE(run.lines(false), en);
}

void QueueBasicsTest::timeoutWaitsOnTheClock() {
    // Free: get(timeout=0.3) really waits about that long (at least, never less).
    QElapsedTimer timer;
    timer.start();
    auto run = runScenario("queue-basics", {"timeout=0.3"});
    QVERIFY(timer.elapsed() >= 300);
    QCOMPARE(run.outcomes().at("timeout_raised"), 1);
    // Stepped: 10 s on the virtual clock cost nothing.
    timer.restart();
    auto stepped = runScenario("queue-basics", {"timeout=10"}, stepConfig());
    QVERIFY2(timer.elapsed() < 8000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(stepped.outcomes().at("timeout_raised"), 1);
}

void QueueBasicsTest::blockingPutEndsAsDeadlock_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void QueueBasicsTest::blockingPutEndsAsDeadlock() {
    QFETCH(bool, step);
    auto run = runScenario("queue-basics", {"blocking_put=true"}, configFor(step));
    QVERIFY(run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.count(Op::Deadlock), std::size_t{1});
    QCOMPARE(run.count(Op::Put, Phase::Blocked), std::size_t{1});
    const auto zh = run.lines(true);
    QCOMPARE(zh.size(), std::size_t{1});
    QVERIFY(zh[0].starts_with("q.put(4)：队列已经满了"));
    QVERIFY(run.lines(false)[0].starts_with("q.put(4): the queue is full"));
    QVERIFY(run.outcomes().empty()); // the program never got that far
    QVERIFY(nothingLeft(run));
}

QTEST_GUILESS_MAIN(QueueBasicsTest)
#include "tst_queue_basics.moc"
