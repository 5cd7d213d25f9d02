// The lock-print lesson: without a lock the "is running"/"is done" lines of the processes
// interleave (stepped: always; free: nearly always); with the lock each pair stays together.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <regex>

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;

namespace {

struct Line {
    int n;
    bool done;
};

// Parses the narrative: "n: pid is running", "n: pid is done" (unlocked) or
// "n:pid is done" (locked, as the tutorial prints it).
std::vector<Line> parse(const LessonRun& run, bool chinese) {
    static const std::regex pattern(R"(^(\d+): ?(\d+) is (running|done)$)");
    std::vector<Line> out;
    for (const auto& text : run.lines(chinese)) {
        std::smatch m;
        if (std::regex_match(text, m, pattern))
            out.push_back({std::stoi(m[1].str()), m[3].str() == "done"});
    }
    return out;
}

// Whether each process's "is done" directly follows its own "is running".
bool paired(const std::vector<Line>& lines) {
    for (std::size_t k = 0; k + 1 < lines.size(); k += 2)
        if (lines[k].done || !lines[k + 1].done || lines[k].n != lines[k + 1].n)
            return false;
    return lines.size() % 2 == 0;
}

bool invariantHeld(const LessonRun& run) {
    for (const auto& inv : run.invariants())
        if (inv.name == "each_process_prints_its_pair_together")
            return inv.held;
    throw std::runtime_error("no invariant");
}

} // namespace

class LockPrintTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundRobinSplitsEveryPair();
    void lockKeepsPairs_data();
    void lockKeepsPairs();
    void interleavesByItselfInFreeMode();
};

void LockPrintTest::roundRobinSplitsEveryPair() {
    auto run = runScenario("lock-print", {}, stepConfig());
    QVERIFY(!run.result.timedOut);
    const auto lines = parse(run, false);
    QCOMPARE(lines.size(), std::size_t{10});
    for (std::size_t k = 0; k < 5; ++k) { // every "is running" before any "is done"
        QVERIFY(!lines[k].done);
        QVERIFY(lines[k + 5].done);
    }
    QCOMPARE(parse(run, true).size(), std::size_t{10});
    const auto out = run.outcomes();
    QCOMPARE(out.at("lines"), 10);
    QCOMPARE(out.at("paired"), 0);
    QVERIFY(!invariantHeld(run));
    QVERIFY(run.invariantsHeld());
}

void LockPrintTest::lockKeepsPairs_data() {
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("processes");
    QTest::newRow("free, 5") << false << 5;
    QTest::newRow("free, 12") << false << 12;
    QTest::newRow("round-robin, 5") << true << 5;
}

void LockPrintTest::lockKeepsPairs() {
    QFETCH(bool, step);
    QFETCH(int, processes);
    auto run = runScenario(
        "lock-print", {"lock=true", "delay_scale=0.02", "processes=" + std::to_string(processes)},
        step ? stepConfig() : testConfig());
    QVERIFY(!run.result.timedOut);
    const auto lines = parse(run, false);
    QCOMPARE(lines.size(), static_cast<std::size_t>(2 * processes));
    QVERIFY(paired(lines));
    QVERIFY(paired(parse(run, true)));
    QCOMPARE(run.outcomes().at("paired"), processes);
    QVERIFY(invariantHeld(run));
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.errors(), std::size_t{0});
}

void LockPrintTest::interleavesByItselfInFreeMode() {
    int interleaved = 0;
    for (int i = 0; i < 10; ++i) {
        auto run = runScenario("lock-print", {"delay_scale=0.2", "seed=" + std::to_string(i + 1)});
        QVERIFY(!run.result.timedOut);
        QCOMPARE(parse(run, false).size(), std::size_t{10});
        interleaved += paired(parse(run, false)) ? 0 : 1;
        QVERIFY(run.invariantsHeld()); // no lock: nothing must hold
    }
    QVERIFY2(interleaved >= 8, qPrintable(QString::number(interleaved)));
}

QTEST_GUILESS_MAIN(LockPrintTest)
#include "tst_lock_print.moc"
