// The counter-race lesson: lost updates on a shared Value and on the Manager-dict stand-in,
// stepped (the documented round-robin recipe) and free; the locked forms never lose one.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <algorithm>

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;

namespace {

bool invariantHeld(const LessonRun& run, const std::string& name) {
    for (const auto& inv : run.invariants())
        if (inv.name == name)
            return inv.held;
    throw std::runtime_error("no invariant " + name);
}

bool said(const LessonRun& run, const std::string& line, bool chinese) {
    const auto lines = run.lines(chinese);
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace

class CounterRaceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundRobinLosesFourOfEveryFive();
    void roundRobinManagerDictKeepsOnlyOneDecrement();
    void lockNeverLoses_data();
    void lockNeverLoses();
    void raceHappensByItselfInFreeMode();
    void lockedNeverLosesInFreeMode();
};

void CounterRaceTest::roundRobinLosesFourOfEveryFive() {
    auto run = runScenario("counter-race", {}, stepConfig());
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    const auto out = run.outcomes();
    QCOMPARE(out.at("expected"), 5000);
    QCOMPARE(out.at("final"), 1000);
    QCOMPARE(out.at("lost"), 4000);
    QVERIFY(!invariantHeld(run, "no_lost_updates"));
    QVERIFY(run.invariantsHeld()); // no lock: nothing must hold
    QVERIFY(said(run, "1000", true));
    QVERIFY(said(run, "1000", false));
    QCOMPARE(run.errors(), std::size_t{0});
}

void CounterRaceTest::roundRobinManagerDictKeepsOnlyOneDecrement() {
    auto run = runScenario("counter-race", {"variant=manager_dict"}, stepConfig());
    QVERIFY(!run.result.timedOut);
    const auto out = run.outcomes();
    QCOMPARE(out.at("expected"), 0);
    QCOMPARE(out.at("final"), 99);
    QCOMPARE(out.at("lost"), 99);
    QVERIFY(said(run, "{'count': 99}", true));
    QVERIFY(said(run, "{'count': 99}", false));
    QVERIFY(run.invariantsHeld());
}

void CounterRaceTest::lockNeverLoses_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("printed");
    QTest::newRow("value, free") << QStringLiteral("lock=true") << false << 5000
                                 << QStringLiteral("5000");
    QTest::newRow("value, round-robin") << QStringLiteral("lock=true processes=3 increments=200")
                                        << true << 600 << QStringLiteral("600");
    QTest::newRow("manager dict, free") << QStringLiteral("lock=true variant=manager_dict") << false
                                        << 0 << QStringLiteral("{'count': 0}");
    QTest::newRow("manager dict, round-robin") << QStringLiteral("lock=true variant=manager_dict")
                                               << true << 0 << QStringLiteral("{'count': 0}");
    QTest::newRow("manager dict, 30 processes, round-robin")
        << QStringLiteral("lock=true variant=manager_dict dict_processes=30") << true << 70
        << QStringLiteral("{'count': 70}");
}

void CounterRaceTest::lockNeverLoses() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    QFETCH(int, expected);
    QFETCH(QString, printed);
    std::vector<std::string> s;
    for (const auto& item : settings.split(QLatin1Char(' ')))
        s.push_back(item.toStdString());
    auto run = runScenario("counter-race", s, step ? stepConfig() : testConfig());
    QVERIFY(!run.result.timedOut);
    const auto out = run.outcomes();
    QCOMPARE(out.at("expected"), expected);
    QCOMPARE(out.at("final"), expected);
    QCOMPARE(out.at("lost"), 0);
    QVERIFY(invariantHeld(run, "no_lost_updates"));
    QVERIFY(run.invariantsHeld());
    QVERIFY(said(run, printed.toStdString(), true));
    QVERIFY(said(run, printed.toStdString(), false));
}

void CounterRaceTest::raceHappensByItselfInFreeMode() {
    // The defaults (5 × 1000), released together by the Event. Count, don't time.
    int raced = 0;
    for (int i = 0; i < 10; ++i) {
        auto run = runScenario("counter-race");
        QVERIFY(!run.result.timedOut);
        QVERIFY(run.invariantsHeld());
        raced += run.outcomes().at("lost") > 0 ? 1 : 0;
    }
    QVERIFY2(raced >= 8, qPrintable(QString::number(raced)));
}

void CounterRaceTest::lockedNeverLosesInFreeMode() {
    for (int i = 0; i < 5; ++i) {
        auto run = runScenario("counter-race", {"lock=true"});
        QCOMPARE(run.outcomes().at("final"), 5000);
        QVERIFY(run.invariantsHeld());
    }
}

QTEST_GUILESS_MAIN(CounterRaceTest)
#include "tst_counter_race.moc"
