// The orphan lesson: the father exits first (os._exit) and the kernel re-parents his
// child to its adopter — the host, which is this test process — which reaps it. Free
// and stepped; and a father who returns normally, joining his child, leaves no orphan.
#include "tests/support/lesson_checks.h"

#include <QtTest>

#include <errno.h>
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

class OrphanTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void orphanIsAdoptedByTheHost_data();
    void orphanIsAdoptedByTheHost();
    void fatherWhoReturnsLeavesNoOrphan_data();
    void fatherWhoReturnsLeavesNoOrphan();
    void printsWhatTheTutorialPrints();
};

void OrphanTest::orphanIsAdoptedByTheHost_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << QStringLiteral("delay_scale=0.1") << false;
    QTest::newRow("free, no sleep") << QStringLiteral("delay_scale=0") << false;
    QTest::newRow("stepped") << QString() << true;
}

void OrphanTest::orphanIsAdoptedByTheHost() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    auto run = runScenario("orphan", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    const int host = ::getpid(); // the host of the run is this test process
    QVERIFY(out.at("father_pid") > 0);
    QCOMPARE(out.at("ppid_before"), out.at("father_pid"));
    // What the kernel shows: the orphan's new parent is the host (the subreaper).
    QCOMPARE(out.at("ppid_after"), host);
    QCOMPARE(out.at("kernel_ppid"), host);
    QCOMPARE(out.at("adopter_pid"), host);
    QCOMPARE(out.at("orphaned"), 1);
    QCOMPARE(out.at("child_reaped"), 1);
    // The host, its adopter, reaped it; the main process reaped the father.
    int child = 0;
    forEachRecord(run, [&](const proclab::trace::TraceRecord& r) {
        if (r.op == static_cast<uint16_t>(proclab::trace::Op::Start) &&
            r.phase == static_cast<uint8_t>(proclab::trace::Phase::End) &&
            r.arg == out.at("father_pid"))
            child = r.pid;
    });
    QVERIFY(child > 0);
    const auto reaped = reapedByHost(run);
    QCOMPARE(std::count(reaped.begin(), reaped.end(), child), 1);
    QCOMPARE(std::count(reaped.begin(), reaped.end(), static_cast<int>(out.at("father_pid"))), 0);
    QVERIFY(nothingLeft(run));
}

void OrphanTest::fatherWhoReturnsLeavesNoOrphan_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void OrphanTest::fatherWhoReturnsLeavesNoOrphan() {
    QFETCH(bool, step);
    auto run = runScenario("orphan", {"os_exit=false", "delay_scale=0.1"}, configFor(step));
    QVERIFY(!run.result.timedOut);
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    QCOMPARE(out.at("ppid_after"), out.at("father_pid"));
    QCOMPARE(out.at("kernel_ppid"), out.at("father_pid"));
    QCOMPARE(out.at("orphaned"), 0);
    QCOMPARE(out.at("child_reaped"), 1);
    QCOMPARE(reapedByHost(run).size(), std::size_t{1}); // only the main process
    QVERIFY(contains(run.lines(true), "father returns..（先 join 子进程）"));
    QVERIFY(!contains(run.lines(true), "father died.."));
    QVERIFY(nothingLeft(run));
}

void OrphanTest::printsWhatTheTutorialPrints() {
    auto run = runScenario("orphan", {}, stepConfig());
    const auto out = run.outcomes();
    const int main = mainPid(run);
    const long father = out.at("father_pid");
    const int host = ::getpid();
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    // im father pid 32515 ppid 32015 / father died.. / im child 32516 1
    const auto fatherLine = indexOf(zh, "im father pid " + str(father) + " ppid " + str(main));
    const auto died = indexOf(zh, "father died..");
    QVERIFY(fatherLine >= 0);
    QVERIFY(died > fatherLine);
    const auto childBefore = std::find_if(zh.begin(), zh.end(), [&](const std::string& line) {
        return line.starts_with("im child ") &&
               line.ends_with(" " + str(father) + "（父进程还活着）");
    });
    QVERIFY(childBefore != zh.end());
    const auto childAfter = std::find_if(zh.begin(), zh.end(), [&](const std::string& line) {
        return line.starts_with("im child ") && line.ends_with(" " + str(host));
    });
    QVERIFY(childAfter != zh.end());
    QVERIFY(childAfter - zh.begin() > died);
    QVERIFY(std::any_of(en.begin(), en.end(), [&](const std::string& line) {
        return line.ends_with(" " + str(father) + " (my father is still alive)");
    }));
    QVERIFY(std::any_of(zh.begin(), zh.end(), [&](const std::string& line) {
        return line.find("变成了 " + str(host) +
                         "——ProcLab 的宿主进程收养了它，宿主在这里代替 "
                         "init（pid 1）") != std::string::npos;
    }));
    QVERIFY(std::any_of(en.begin(), en.end(), [&](const std::string& line) {
        return line.find("to " + str(host) +
                         " — ProcLab's host adopted it, standing in for init (pid 1)") !=
               std::string::npos;
    }));
    // The father, dead and not yet joined, is a zombie; the orphan's PPID is the host.
    QVERIFY(contains(zh, "父进程 ps: PID " + str(father) + "  PPID " + str(main) + "  STAT Z  [" +
                             std::string(program_invocation_short_name).substr(0, 15) +
                             "] <defunct>"));
    QVERIFY(std::any_of(zh.begin(), zh.end(), [&](const std::string& line) {
        return line.starts_with("子进程 ps: PID ") &&
               line.find("  PPID " + str(host) + "  STAT S") != std::string::npos;
    }));
    QVERIFY(contains(zh, "孤儿结束后，收养它的宿主进程 wait 回收了它，没有留下僵尸"));
}

QTEST_GUILESS_MAIN(OrphanTest)
#include "tst_orphan.moc"
