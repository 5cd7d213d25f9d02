// The isolation lesson: the child's n = 0 is its own copy; the parent still sees 100
// (at the very same virtual address). A Value in shared memory is the exception.
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

class IsolationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parentKeepsItsOwnN_data();
    void parentKeepsItsOwnN();
    void sharedValueIsSeenByTheParent_data();
    void sharedValueIsSeenByTheParent();
    void printsWhatTheTutorialPrints();
};

void IsolationTest::parentKeepsItsOwnN_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("n");
    QTest::newRow("free, n=100") << QString() << false << 100;
    QTest::newRow("stepped, n=100") << QString() << true << 100;
    QTest::newRow("free, n=-7") << QStringLiteral("n=-7") << false << -7;
    QTest::newRow("stepped, n=42") << QStringLiteral("n=42") << true << 42;
}

void IsolationTest::parentKeepsItsOwnN() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    QFETCH(int, n);
    auto run = runScenario("isolation", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    QCOMPARE(out.at("initial"), n);
    QCOMPARE(out.at("child_n"), 0);
    QCOMPARE(out.at("parent_n"), n);
    QCOMPARE(out.at("same_address"), 1);
    QVERIFY(out.find("parent_value") == out.end());
    QVERIFY(nothingLeft(run));
}

void IsolationTest::sharedValueIsSeenByTheParent_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void IsolationTest::sharedValueIsSeenByTheParent() {
    QFETCH(bool, step);
    auto run = runScenario("isolation", {"shared=true"}, configFor(step));
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    QCOMPARE(out.at("parent_n"), 100);   // the plain global is still the parent's own
    QCOMPARE(out.at("parent_value"), 0); // the Value in shared memory is the child's
    QCOMPARE(run.invariants().size(), std::size_t{2});
    QVERIFY(contains(run.lines(true), "主进程内: 100"));
    QVERIFY(
        contains(run.lines(true), "主进程内 Value: 0（Value 在共享内存里，子进程改的就是这一份）"));
}

void IsolationTest::printsWhatTheTutorialPrints() {
    auto run = runScenario("isolation", {}, stepConfig());
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    // 子进程内: 0 / 主进程内: 100, in that order: the main process prints after join.
    QVERIFY(indexOf(zh, "子进程内: 0") >= 0);
    QVERIFY(indexOf(zh, "主进程内: 100") > indexOf(zh, "子进程内: 0"));
    QVERIFY(indexOf(en, "inside the main process: 100") > indexOf(en, "inside the child: 0"));
    // The same address printed by both processes.
    std::string childAddress;
    std::string mainAddress;
    for (const auto& line : zh) {
        if (line.starts_with("子进程内 n 的地址 "))
            childAddress = line.substr(std::string("子进程内 n 的地址 ").size());
        if (line.starts_with("主进程内 n 的地址 "))
            mainAddress = line.substr(std::string("主进程内 n 的地址 ").size());
    }
    QVERIFY(!childAddress.empty());
    QCOMPARE(childAddress, mainAddress);
    QVERIFY(contains(zh, "同一个虚拟地址，两个值：fork 给了子进程一份内存的副本，各改各的"));
}

QTEST_GUILESS_MAIN(IsolationTest)
#include "tst_isolation.moc"
