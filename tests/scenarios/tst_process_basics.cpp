// The process-basics lesson: start/join on real processes, pids and ppids as the
// kernel reports them (the main process's parent is the host: this test), join
// waiting for a child, and the three ways the tutorial joins a list of children.
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

class ProcessBasicsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startAndJoin_data();
    void startAndJoin();
    void stepped_isAliveAndExitcodeBeforeJoin();
    void joinInTheLoopIsSerial();
    void stepped_joinLastOnly_raceRecipe();
    void printsWhatTheTutorialPrints_data();
    void printsWhatTheTutorialPrints();
};

void ProcessBasicsTest::startAndJoin_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("children");
    QTest::addColumn<bool>("allBeforeMain");
    for (bool step : {false, true}) {
        const char* mode = step ? "stepped" : "free";
        QTest::addRow("%s, join all", mode)
            << QStringLiteral("delay_scale=0.1") << step << 10 << true;
        QTest::addRow("%s, join in the loop", mode)
            << QStringLiteral("delay_scale=0.1 join=in_loop children=5") << step << 5 << true;
        QTest::addRow("%s, join the last only", mode)
            << QStringLiteral("delay_scale=0.1 join=last children=4") << step << 4 << false;
    }
    QTest::newRow("free, 100 children")
        << QStringLiteral("delay_scale=0 children=100") << false << 100 << true;
}

void ProcessBasicsTest::startAndJoin() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    QFETCH(int, children);
    QFETCH(bool, allBeforeMain);
    auto run = runScenario("process-basics", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    QCOMPARE(out.at("main_pid"), mainPid(run));
    QCOMPARE(out.at("main_ppid"), ::getpid()); // the main process's parent is the host
    QCOMPARE(out.at("child_ppid"), out.at("main_pid"));
    QVERIFY(out.at("child_pid") != out.at("main_pid"));
    QCOMPARE(out.at("alive_after_join"), 0);
    QCOMPARE(out.at("exitcode_after_join"), 0);
    QCOMPARE(out.at("children"), children);
    QCOMPARE(out.at("exited_ok"), children);
    if (allBeforeMain)
        QCOMPARE(out.at("finished_before_main"), children);
    QCOMPARE(static_cast<int>(run.result.processesStarted), children + 3);
    QVERIFY(nothingLeft(run));
}

void ProcessBasicsTest::stepped_isAliveAndExitcodeBeforeJoin() {
    auto run = runScenario("process-basics", {"children=2"}, stepConfig());
    const auto out = run.outcomes();
    QCOMPARE(out.at("alive_before_join"), 1);
    QCOMPARE(out.at("exitcode_before_join"), -1); // None
    const auto en = run.lines(false);
    QVERIFY(std::any_of(en.begin(), en.end(), [](const std::string& l) {
        return l.starts_with("p.name=Process-2 p.pid=") &&
               l.ends_with(" p.is_alive()=True p.exitcode=None");
    }));
    QVERIFY(contains(en, "p.is_alive()=False p.exitcode=0"));
}

void ProcessBasicsTest::joinInTheLoopIsSerial() {
    // join inside the for loop: each child ends before the next one starts.
    auto run = runScenario("process-basics", {"join=in_loop", "children=5", "delay_scale=0"});
    const auto zh = run.lines(true);
    for (int i = 0; i < 5; ++i) {
        const auto at = indexOf(zh, "姑娘" + str(i));
        QVERIFY(at >= 0);
        QCOMPARE(zh[static_cast<std::size_t>(at) + 1], std::string("来玩啊！ "));
    }
}

void ProcessBasicsTest::stepped_joinLastOnly_raceRecipe() {
    // The recipe of the lesson's `race` text: round-robin up to part three, then the main
    // process until it blocks joining the last child (number 5), then only that child,
    // then the main process again.
    const std::vector<std::string> settings = {"join=last", "children=3"};
    const auto roundRobin = runScenario("process-basics", settings, stepConfig()).result.grants;
    const auto firstOfPartThree = std::find(roundRobin.begin(), roundRobin.end(), "3");
    QVERIFY(firstOfPartThree != roundRobin.end());
    std::vector<std::string> grants(roundRobin.begin(), firstOfPartThree);
    for (const char* who :
         {"main", "main", "main", "5", "5", "5", "5", "main", "main", "main", "main"})
        grants.emplace_back(who);
    auto config = stepConfig(proclab::control::StepPolicy::Replay);
    config.replay = grants;
    for (int i = 0; i < 2; ++i) { // the same every time
        auto run = runScenario("process-basics", settings, config);
        QVERIFY(!run.result.replayDiverged);
        QVERIFY(run.invariantsHeld()); // the broken one is not required to hold
        QCOMPARE(run.outcomes().at("finished_before_main"), 1);
        const auto zh = run.lines(true);
        const auto free = indexOf(zh, "不要钱~~~~~! ");
        QVERIFY(free >= 0);
        QCOMPARE(std::count(zh.begin() + free, zh.end(), std::string("来玩啊！ ")), 2);
    }
}

void ProcessBasicsTest::printsWhatTheTutorialPrints_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void ProcessBasicsTest::printsWhatTheTutorialPrints() {
    QFETCH(bool, step);
    auto run = runScenario("process-basics", {"delay_scale=0.05"}, configFor(step));
    const auto out = run.outcomes();
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    const std::string main = str(out.at("main_pid"));
    const std::string child = str(out.at("child_pid"));
    for (const std::string& line :
         {std::string("aaaa"), std::string("**********"), std::string("12345"), "父进程>> " + main,
          "父进程的父进程>> " + str(::getpid()), "子进程>> " + child, "该子进程的父进程>> " + main,
          std::string("姑娘"), std::string("我这里是异步的啊! ")})
        QVERIFY2(contains(zh, line), line.c_str());
    for (const std::string& line :
         {"parent process >> " + main, "the parent's parent >> " + str(::getpid()),
          "child process >> " + child, "this child's parent >> " + main,
          std::string("I am asynchronous here! "), std::string("miss"),
          std::string("free of charge~~~~~! ")})
        QVERIFY2(contains(en, line), line.c_str());
    QCOMPARE(countOf(zh, "来玩啊！ "), 10);
    QCOMPARE(countOf(en, "come and have fun! "), 11);
    // join blocks the main process until the child has printed its second line.
    QVERIFY(indexOf(zh, "父进程执行结束! ") > indexOf(zh, "来玩啊! "));
    QVERIFY(indexOf(en, "the parent is done! ") > indexOf(en, "come and have fun! "));
    // All children joined before the main process goes on.
    const auto lastFun = zh.rend() - std::find(zh.rbegin(), zh.rend(), std::string("来玩啊！ "));
    QVERIFY(indexOf(zh, "不要钱~~~~~! ") >= lastFun);
    for (int i = 0; i < 10; ++i)
        QVERIFY(contains(zh, "姑娘" + str(i)));
}

QTEST_GUILESS_MAIN(ProcessBasicsTest)
#include "tst_process_basics.moc"
