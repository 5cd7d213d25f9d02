// The double-acquire lesson: a Lock acquired twice by its holder deadlocks and the run
// ends with the deadlock detected (not a timeout); an RLock, or a release between, does not.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <algorithm>
#include <optional>

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;
using proclab::trace::Op;

namespace {

std::optional<LessonRun::Invariant> findInvariant(const LessonRun& run, const std::string& name) {
    for (const auto& inv : run.invariants())
        if (inv.name == name)
            return inv;
    return std::nullopt;
}

std::size_t countLine(const LessonRun& run, const std::string& line, bool chinese) {
    const auto lines = run.lines(chinese);
    return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

} // namespace

class DoubleAcquireTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lockDeadlocksOnItself_data();
    void lockDeadlocksOnItself();
    void noDeadlock_data();
    void noDeadlock();
};

void DoubleAcquireTest::lockDeadlocksOnItself_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("round-robin") << true;
}

void DoubleAcquireTest::lockDeadlocksOnItself() {
    QFETCH(bool, step);
    auto config = step ? stepConfig() : testConfig();
    config.timeoutSeconds = 20;
    auto run = runScenario("double-acquire", {}, config);
    // Ended by the deadlock detector, not by the safety timeout.
    QVERIFY(run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.count(Op::SelfDeadlock), std::size_t{1});
    QCOMPARE(run.count(Op::Deadlock), std::size_t{1});
    // The wait-for cycle: the self_deadlock record names the waiter, which is the holder.
    for (const auto& r : run.records)
        if (r.op == static_cast<uint16_t>(Op::SelfDeadlock))
            QCOMPARE(static_cast<int64_t>(r.pid), r.arg);
    QCOMPARE(countLine(run, "抢到了!", true), std::size_t{1});
    QCOMPARE(countLine(run, "got it!", false), std::size_t{1});
    QCOMPARE(countLine(run, "强哥毛线!", true), std::size_t{0});
    QCOMPARE(countLine(run, "nothing for Brother Qiang!", false), std::size_t{0});
    const auto inv = findInvariant(run, "no_self_deadlock");
    QVERIFY(inv.has_value());
    QVERIFY(!inv->held);
    QVERIFY(!inv->mustHold);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.outcomes().at("acquired_before_second"), 1);
    QCOMPARE(run.outcomes().count("acquired"), std::size_t{0}); // never got there
}

void DoubleAcquireTest::noDeadlock_data() {
    QTest::addColumn<QString>("setting");
    QTest::addColumn<bool>("step");
    QTest::newRow("RLock, free") << QStringLiteral("lock_type=RLock") << false;
    QTest::newRow("RLock, round-robin") << QStringLiteral("lock_type=RLock") << true;
    QTest::newRow("release between, free") << QStringLiteral("release_between=true") << false;
    QTest::newRow("release between, round-robin") << QStringLiteral("release_between=true") << true;
}

void DoubleAcquireTest::noDeadlock() {
    QFETCH(QString, setting);
    QFETCH(bool, step);
    auto run =
        runScenario("double-acquire", {setting.toStdString()}, step ? stepConfig() : testConfig());
    QVERIFY(!run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(run.count(Op::SelfDeadlock), std::size_t{0});
    QCOMPARE(countLine(run, "抢到了!", true), std::size_t{1});
    QCOMPARE(countLine(run, "强哥毛线!", true), std::size_t{1});
    QCOMPARE(countLine(run, "nothing for Brother Qiang!", false), std::size_t{1});
    const auto inv = findInvariant(run, "no_self_deadlock");
    QVERIFY(inv.has_value());
    QVERIFY(inv->held);
    QVERIFY(inv->mustHold);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.outcomes().at("acquired"), 2);
    QCOMPARE(run.errors(), std::size_t{0});
}

QTEST_GUILESS_MAIN(DoubleAcquireTest)
#include "tst_double_acquire.moc"
