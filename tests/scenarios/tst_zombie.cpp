// The zombie lesson: what the kernel shows (STAT Z while the parent does not wait),
// join reaping it, zombies piling up under a parent that never waits, and the host —
// this test process, standing in for init — adopting and reaping them once that
// parent is killed. Free and stepped.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;

[[maybe_unused]] std::vector<std::string> split(const QString& settings) {
    std::vector<std::string> out;
    for (const auto& item : settings.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        out.push_back(item.toStdString());
    return out;
}

[[maybe_unused]] proclab::host::HostConfig configFor(bool step) {
    return step ? stepConfig() : testConfig();
}

// Lesson records (not the host's), skipping the text payload records.
template <class F> void forEachRecord(const LessonRun& run, F f) {
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        f(run.records[i]);
        i += proclab::trace::payloadRecordsOf(run.records[i]);
    }
}

// Every process the run traced is gone from /proc: nothing running, no zombie left.
[[maybe_unused]] bool nothingLeft(const LessonRun& run) {
    std::set<int> pids;
    forEachRecord(run, [&](const proclab::trace::TraceRecord& r) {
        if ((r.flags & proclab::trace::kFlagHost) == 0)
            pids.insert(r.pid);
    });
    for (int pid : pids)
        if (::access(("/proc/" + std::to_string(pid)).c_str(), F_OK) == 0)
            return false;
    return !pids.empty();
}

// The lesson's main process: the one that started with the host (this test) as parent.
[[maybe_unused]] int mainPid(const LessonRun& run) {
    int pid = 0;
    forEachRecord(run, [&](const proclab::trace::TraceRecord& r) {
        if (r.op == static_cast<uint16_t>(proclab::trace::Op::Start) &&
            r.phase == static_cast<uint8_t>(proclab::trace::Phase::End) && r.arg == ::getpid())
            pid = r.pid;
    });
    return pid;
}

// Pids the host reaped (adopted orphans and the main process).
[[maybe_unused]] std::vector<int> reapedByHost(const LessonRun& run) {
    std::vector<int> pids;
    forEachRecord(run, [&](const proclab::trace::TraceRecord& r) {
        if (r.op == static_cast<uint16_t>(proclab::trace::Op::Reaped) &&
            (r.flags & proclab::trace::kFlagHost) != 0)
            pids.push_back(static_cast<int>(r.arg >> 32));
    });
    return pids;
}

[[maybe_unused]] std::ptrdiff_t indexOf(const std::vector<std::string>& lines,
                                        const std::string& line) {
    const auto it = std::find(lines.begin(), lines.end(), line);
    return it == lines.end() ? -1 : it - lines.begin();
}

[[maybe_unused]] bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return indexOf(lines, line) >= 0;
}

[[maybe_unused]] std::ptrdiff_t countOf(const std::vector<std::string>& lines,
                                        const std::string& line) {
    return std::count(lines.begin(), lines.end(), line);
}

[[maybe_unused]] std::string str(long v) {
    return std::to_string(v);
}

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
