// The daemon lesson (the emperor and his consorts): the daemon child is terminated
// when its parent's code ends; the non-daemon child outlives that code and is waited for.
#include "tests/support/lesson_checks.h"

#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace proclab::testing;

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;

} // namespace

class DaemonTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void daemonEndsWithItsParentsCode_data();
    void daemonEndsWithItsParentsCode();
    void stepped_nonDaemonOutlivesTheCode();
    void daemonMayNotHaveChildren_data();
    void daemonMayNotHaveChildren();
    void shortLivedDaemonFinishes();
    void printsWhatTheTutorialPrints();
};

void DaemonTest::daemonEndsWithItsParentsCode_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << QStringLiteral("delay_scale=0.1") << false;
    QTest::newRow("stepped") << QString() << true;
    QTest::newRow("stepped, long reign") << QStringLiteral("reign=30 life=600") << true;
}

void DaemonTest::daemonEndsWithItsParentsCode() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    auto run = runScenario("daemon", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    QCOMPARE(out.at("daemon_finished"), 0); // terminated, never 'died of illness'
    QCOMPARE(out.at("daemon_gone"), 1);
    QCOMPARE(out.at("non_daemon_finished"), 1); // the emperor waited for her
    QCOMPARE(out.at("emperor_exitcode"), 0);
    // The emperor's exit rules sent the daemon SIGTERM.
    QVERIFY(run.count(proclab::trace::Op::Terminate) >= 1);
    QVERIFY(nothingLeft(run));
}

void DaemonTest::stepped_nonDaemonOutlivesTheCode() {
    // On the virtual clock the order is exact: the story ends, then consort Yi dies.
    auto run = runScenario("daemon", {}, stepConfig());
    QCOMPARE(run.outcomes().at("non_daemon_outlived_code"), 1);
    const auto zh = run.lines(true);
    QVERIFY(indexOf(zh, "妃子乙病逝了......") > indexOf(zh, "故事结束了!"));
}

void DaemonTest::daemonMayNotHaveChildren_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void DaemonTest::daemonMayNotHaveChildren() {
    QFETCH(bool, step);
    auto run = runScenario("daemon", {"daemon_child=true", "delay_scale=0.1"}, configFor(step));
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.outcomes().at("daemon_child_refused"), 1);
    QVERIFY(contains(run.lines(false),
                     "AssertionError: daemonic processes are not allowed to have children"));
    QCOMPARE(static_cast<int>(run.result.processesStarted), 4); // main, emperor, two consorts
}

void DaemonTest::shortLivedDaemonFinishes() {
    // A daemon that lives shorter than the reign finishes on its own: the invariant
    // does not apply (it is not required to hold), and the run still succeeds.
    auto run = runScenario("daemon", {"life=1", "reign=2"}, stepConfig());
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.outcomes().at("daemon_finished"), 1);
    QVERIFY(contains(run.lines(true), "妃子甲病逝了......"));
}

void DaemonTest::printsWhatTheTutorialPrints() {
    auto run = runScenario("daemon", {}, stepConfig());
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    QVERIFY(indexOf(zh, "登基了.....") == 0);
    QVERIFY(contains(zh, "妃子甲入宫了....."));
    QVERIFY(contains(zh, "妃子乙入宫了....."));
    QVERIFY(contains(zh, "故事结束了!"));
    QVERIFY(!contains(zh, "妃子甲病逝了......"));
    QCOMPARE(countOf(zh, "妃子乙病逝了......"), 1);
    for (const char* line : {"ascended the throne.....", "Consort Jia entered the palace.....",
                             "Consort Yi entered the palace.....", "the story is over!",
                             "Consort Yi died of illness......"})
        QVERIFY2(contains(en, line), line);
    QVERIFY(contains(zh, "妃子甲是守护进程：康熙的代码一结束，她就被终止了（SIGTERM），"
                         "没等到“病逝”"));
    QVERIFY(contains(en, "consort Yi was not a daemon: she lived on after the emperor's code "
                         "ended, and the emperor's process waited for her before it exited"));
}

QTEST_GUILESS_MAIN(DaemonTest)
#include "tst_daemon.moc"
