// The pipe lesson: a None ends the receiver; closing every copy of the sending end
// gives EOFError, forgetting one hangs (a deadlock the host detects); the one-way pipe,
// and its deadlock when the reader waits before the writer is started.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <algorithm>
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

void addModes() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

} // namespace

class PipeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noneEndsTheReceiver_data() { addModes(); }
    void noneEndsTheReceiver();
    void closingTheEndsGivesEof_data() { addModes(); }
    void closingTheEndsGivesEof();
    void forgettingToCloseHangs_data() { addModes(); }
    void forgettingToCloseHangs();
    void oneWayPipe_data() { addModes(); }
    void oneWayPipe();
    void oneWayPipeWrongOrderDeadlocks_data() { addModes(); }
    void oneWayPipeWrongOrderDeadlocks();
};

void PipeTest::noneEndsTheReceiver() {
    QFETCH(bool, step);
    auto run = runScenario("pipe", {}, configFor(step));
    QVERIFY(!run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    const auto out = run.outcomes();
    QCOMPARE(out.at("sent"), 10);
    QCOMPARE(out.at("received"), 10);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.lines(true), std::vector<std::string>(10, "约吧"));
    QCOMPARE(run.lines(false), std::vector<std::string>(10, "let's meet up (约吧)"));
    QCOMPARE(run.count(Op::Send), std::size_t{11}); // ten messages and the None
    QVERIFY(nothingLeft(run));
}

void PipeTest::closingTheEndsGivesEof() {
    QFETCH(bool, step);
    auto run = runScenario("pipe", {"variant=eof"}, configFor(step));
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(run.result.mainExitCode, 0);
    const auto out = run.outcomes();
    QCOMPARE(out.at("sent"), 10);
    QCOMPARE(out.at("received"), 10);
    QCOMPARE(out.at("eof"), 1);
    QVERIFY(run.invariantsHeld());
    std::vector<std::string> zh;
    std::vector<std::string> en;
    for (int i = 0; i < 10; ++i) {
        zh.push_back("c1 收到包子:" + std::to_string(i));
        en.push_back("c1 got baozi: " + std::to_string(i));
    }
    zh.emplace_back("EOFError：所有进程都关掉了管道的输入端，再也不会有数据了");
    en.emplace_back(
        "EOFError: every process has closed the pipe's sending end, nothing more will come");
    zh.emplace_back("主进程");
    en.emplace_back("main process");
    QCOMPARE(run.lines(true), zh);
    QCOMPARE(run.lines(false), en);
    QCOMPARE(run.count(Op::Recv, Phase::Fail), std::size_t{1}); // the EOF
    QVERIFY(nothingLeft(run));
}

void PipeTest::forgettingToCloseHangs() {
    QFETCH(bool, step);
    auto run = runScenario("pipe", {"variant=forgot-close", "messages=4"}, configFor(step));
    QVERIFY(run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.count(Op::Deadlock), std::size_t{1});
    QCOMPARE(run.outcomes().at("sent"), 4);
    const auto zh = run.lines(true);
    QCOMPARE(zh.size(), std::size_t{4}); // every message arrived, then no EOF, no 主进程
    QCOMPARE(zh.back(), std::string("c1 收到包子:3"));
    QCOMPARE(run.count(Op::Recv, Phase::Fail), std::size_t{0});
    QVERIFY(nothingLeft(run));
}

void PipeTest::oneWayPipe() {
    QFETCH(bool, step);
    auto run = runScenario("pipe", {"variant=one-way"}, configFor(step));
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(run.lines(true), std::vector<std::string>{"[子进程]老爸,咱们完了,老妈一直在门口~"});
    QCOMPARE(run.lines(false),
             std::vector<std::string>{
                 "[child] Dad, we're done for, Mom is at the door the whole time~"});
    QCOMPARE(run.outcomes().at("received"), 1);
    QVERIFY(nothingLeft(run));
}

void PipeTest::oneWayPipeWrongOrderDeadlocks() {
    QFETCH(bool, step);
    auto run = runScenario("pipe", {"variant=wrong-order"}, configFor(step));
    QVERIFY(run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.count(Op::Deadlock), std::size_t{1});
    QCOMPARE(run.count(Op::Recv, Phase::Blocked), std::size_t{1});
    QCOMPARE(run.lines(false), std::vector<std::string>{
                                   "the main process calls recv() before the child is started..."});
    QCOMPARE(run.result.processesStarted, 1u); // the main process: the writer never got started
    QVERIFY(nothingLeft(run));
}

QTEST_GUILESS_MAIN(PipeTest)
#include "tst_pipe.moc"
