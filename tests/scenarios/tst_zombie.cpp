// The zombie lesson: what the kernel shows (STAT Z while the parent does not wait),
// join reaping it, zombies piling up under a parent that never waits, and the host —
// this test process, standing in for init — adopting and reaping them once that
// parent is killed. Free and stepped.
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

class ZombieTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kernelShowsZombiesAndTheyAreReaped_data();
    void kernelShowsZombiesAndTheyAreReaped();
    void printsWhatTheTutorialPrints();
};

void ZombieTest::kernelShowsZombiesAndTheyAreReaped_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("children");
    QTest::newRow("free, 10 children") << QStringLiteral("delay_scale=0.1") << false << 10;
    QTest::newRow("free, 100 children")
        << QStringLiteral("delay_scale=0.02 children=100") << false << 100;
    QTest::newRow("stepped, 10 children") << QString() << true << 10;
    QTest::newRow("stepped, 3 children, scaled")
        << QStringLiteral("children=3 delay_scale=0.5") << true << 3;
}

void ZombieTest::kernelShowsZombiesAndTheyAreReaped() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    QFETCH(int, children);
    auto run = runScenario("zombie", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const int main = mainPid(run);
    QVERIFY(main > 0);
    const auto out = run.outcomes();
    // Part one: the kernel showed the unwaited child as Z, its parent still the main process.
    QCOMPARE(out.at("zombie_seen"), 1);
    QCOMPARE(out.at("zombie_ppid"), main);
    // Part two: join reaped it (the main process did, not the host).
    QCOMPARE(out.at("reaped_by_join"), main);
    // Part three: every child of the never-waiting parent was seen in state Z at once,
    // and after the parent was killed the host adopted and reaped them all.
    QCOMPARE(out.at("children"), children);
    QCOMPARE(out.at("zombies_seen"), children);
    QCOMPARE(out.at("zombies_left"), 0);
    QCOMPARE(out.at("reaped_by"), ::getpid());
    const auto reaped = reapedByHost(run);
    QCOMPARE(std::count(reaped.begin(), reaped.end(), main), 1);
    QCOMPARE(static_cast<int>(reaped.size()), children + 1); // the zombies and the main process
    QVERIFY(nothingLeft(run));
}

void ZombieTest::printsWhatTheTutorialPrints() {
    auto run = runScenario("zombie", {"children=4"}, stepConfig());
    const int main = mainPid(run);
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    QVERIFY(contains(zh, "主 " + str(main)));
    QVERIFY(contains(en, "main " + str(main)));
    int childLines = 0;
    for (const auto& line : zh)
        childLines += line.starts_with("子 ") ? 1 : 0;
    QCOMPARE(childLines, 1 + 4);
    // ps shows the zombie as the tutorial's `ps aux | grep Z` does.
    const auto defunct = std::find_if(zh.begin(), zh.end(), [&](const std::string& line) {
        return line.starts_with("ps: PID ") &&
               line.find("PPID " + str(main) + "  STAT Z  [") != std::string::npos &&
               line.ends_with("] <defunct>");
    });
    QVERIFY(defunct != zh.end());
    QCOMPARE(std::count_if(zh.begin(), zh.end(),
                           [](const std::string& line) {
                               return line.starts_with("ps aux | grep Z: ") &&
                                      line.ends_with("<defunct>");
                           }),
             4);
    QVERIFY(std::any_of(zh.begin(), zh.end(), [](const std::string& line) {
        return line.starts_with("ps: 进程 ") && line.ends_with("已经不存在了（被回收了）");
    }));
    QVERIFY(std::any_of(zh.begin(), zh.end(), [](const std::string& line) {
        return line.starts_with("top: 父进程 ") && line.ends_with(" 有 4 个僵尸子进程");
    }));
    QVERIFY(std::any_of(en.begin(), en.end(), [](const std::string& line) {
        return line.starts_with("top: parent ") && line.ends_with(" has 4 zombie children");
    }));
    QVERIFY(std::any_of(zh.begin(), zh.end(), [&](const std::string& line) {
        return line.find("ProcLab 的宿主进程（pid " + str(::getpid()) + "，代替 init/pid 1）") !=
               std::string::npos;
    }));
    QVERIFY(std::any_of(en.begin(), en.end(), [&](const std::string& line) {
        return line.find("ProcLab's host (pid " + str(::getpid()) +
                         ", standing in for init/pid 1)") != std::string::npos;
    }));
    QCOMPARE(zh.back(), std::string("top: 0 zombie"));
    QCOMPARE(en.back(), std::string("top: 0 zombie"));
}

QTEST_GUILESS_MAIN(ZombieTest)
#include "tst_zombie.moc"
