// mp::Pool (engine/mp/pool.h) on real processes, free and stepped, and the pool lesson
// built on it: map, apply, apply_async with callbacks in the owner, error callbacks,
// get(timeout), close/join/terminate, nothing left behind.
#include "engine/mp/mp.h"
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace proclab::mp;
using proclab::testing::LessonRun;
using proclab::testing::processGone;
using proclab::testing::runLesson;
using proclab::testing::runScenario;
using proclab::testing::SharedBlock;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;
using proclab::trace::Op;

proclab::host::HostConfig configFor(bool step) {
    return step ? stepConfig() : testConfig();
}

void addModes() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

bool nothingLeft(const LessonRun& run) {
    std::set<int> pids;
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        if ((run.records[i].flags & proclab::trace::kFlagHost) == 0)
            pids.insert(run.records[i].pid);
        i += proclab::trace::payloadRecordsOf(run.records[i]);
    }
    for (int pid : pids)
        if (!processGone(pid))
            return false;
    return !pids.empty();
}

// ---- tasks: plain functions, the same address in every forked worker ----

Message square(const Message& n) {
    return n.toInt() * n.toInt();
}
Message identity(const Message& m) {
    return m;
}
Message whoAmI(const Message&) {
    return ::getpid();
}
Message workerName(const Message&) {
    const ProcessInfo me = current_process();
    return std::string(me.daemon ? "daemon " : "") + me.name;
}
Message boom(const Message& m) {
    throw std::runtime_error("boom " + m.repr());
}
Message slowSquare(const Message& n) {
    proclab::mp::sleep(0.5);
    return n.toInt() * n.toInt();
}
Message failOnSeven(const Message& n) {
    if (n.toInt() == 7)
        throw ValueError("seven");
    return n;
}

struct Report {
    int64_t values[64];
    int count;
    int workers;
    int distinctWorkers;
    int mainPid;
    int taskPid;
    int callbackPid;
    int callbacks;
    int errorCallbacks;
    int gone;
    int checks; // bit i: check i held
    char text[128];
    char text2[128];
};

void copyText(char (&out)[128], const std::string& text) {
    std::strncpy(out, text.c_str(), sizeof out - 1);
}

std::set<std::string> linesSet(const std::vector<std::string>& lines) {
    return {lines.begin(), lines.end()};
}

} // namespace

class PoolTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // the engine's Pool
    void mapReturnsResultsInOrder_data() { addModes(); }
    void mapReturnsResultsInOrder();
    void tasksRunInWorkersCallbacksInTheOwner_data() { addModes(); }
    void tasksRunInWorkersCallbacksInTheOwner();
    void exceptionsComeBack_data() { addModes(); }
    void exceptionsComeBack();
    void getWithTimeout_data() { addModes(); }
    void getWithTimeout();
    void closeAndJoinRules();
    void terminateLeavesNothingBehind_data() { addModes(); }
    void terminateLeavesNothingBehind();
    void destructionLeavesNothingBehind_data() { addModes(); }
    void destructionLeavesNothingBehind();
    void messagesRoundTrip();
    void argumentTooLong();
    void manyTasksBeyondTheWindow();
    // the lesson
    void lessonMapAgainstProcesses_data() { addModes(); }
    void lessonMapAgainstProcesses();
    void lessonApplyIsSynchronous_data() { addModes(); }
    void lessonApplyIsSynchronous();
    void lessonApplyAsync_data() { addModes(); }
    void lessonApplyAsync();
    void lessonCallbackRunsInMain_data() { addModes(); }
    void lessonCallbackRunsInMain();
    void lessonErrorCallback_data() { addModes(); }
    void lessonErrorCallback();
    void lessonGetTimeout_data() { addModes(); }
    void lessonGetTimeout();
    void lessonPoolVersusSemaphore_data() { addModes(); }
    void lessonPoolVersusSemaphore();
    void lessonSteppedRunRepeatsExactly_data();
    void lessonSteppedRunRepeatsExactly();
};

// ---- the engine's Pool ----

void PoolTest::mapReturnsResultsInOrder() {
    QFETCH(bool, step);
    SharedBlock<Report> rep;
    auto run = runLesson(
        [&] {
            Pool pool(3);
            std::vector<Message> items;
            for (int i = 0; i < 40; ++i)
                items.emplace_back(i);
            const auto out = pool.map(square, items);
            rep->count = static_cast<int>(out.size());
            for (std::size_t i = 0; i < out.size(); ++i)
                rep->values[i] = out[i].toInt();
            const auto pids = pool.map(whoAmI, items);
            std::set<int> distinct;
            for (const auto& p : pids)
                distinct.insert(static_cast<int>(p.toInt()));
            const auto workers = pool.pids();
            rep->workers = static_cast<int>(workers.size());
            rep->distinctWorkers = static_cast<int>(distinct.size());
            bool inPool = true;
            for (int p : distinct)
                inPool = inPool && std::find(workers.begin(), workers.end(), p) != workers.end();
            rep->checks = inPool ? 1 : 0;
            pool.close();
            pool.join();
            for (int p : workers)
                rep->gone += processGone(p) ? 1 : 0;
        },
        configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(rep->count, 40);
    for (int i = 0; i < 40; ++i)
        QCOMPARE(rep->values[i], int64_t{i} * i);
    QCOMPARE(rep->workers, 3);
    QVERIFY(rep->distinctWorkers >= 1 && rep->distinctWorkers <= 3);
    QCOMPARE(rep->checks, 1); // every task ran in one of the pool's workers
    QCOMPARE(rep->gone, 3);
    QCOMPARE(run.result.processesStarted, 4u); // the main process and Pool(3)'s 3, no more
    QVERIFY(nothingLeft(run));
}

void PoolTest::tasksRunInWorkersCallbacksInTheOwner() {
    QFETCH(bool, step);
    SharedBlock<Report> rep;
    auto run = runLesson(
        [&] {
            rep->mainPid = ::getpid();
            Pool pool(2, "p");
            AsyncResult r = pool.apply_async(whoAmI, {}, [&](const Message& pid) {
                rep->callbackPid = ::getpid();
                rep->taskPid = static_cast<int>(pid.toInt());
                ++rep->callbacks;
            });
            const Message pid = r.get();
            rep->checks |= pid.toInt() == rep->taskPid ? 1 : 0;
            rep->checks |= r.ready() && r.successful() ? 2 : 0;
            copyText(rep->text, pool.apply(workerName).str());
            rep->checks |= pool.apply(square, 12).toInt() == 144 ? 4 : 0;
            pool.close();
            pool.join();
        },
        configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->callbacks, 1);
    QCOMPARE(rep->callbackPid, rep->mainPid); // the callback ran in the pool's owner
    QVERIFY(rep->taskPid != rep->mainPid);    // the task in a worker
    QCOMPARE(rep->checks, 7);
    // Python's names for a fork-started pool's workers; they are daemonic.
    const std::string name = rep->text;
    QVERIFY2(name == "daemon ForkPoolWorker-1" || name == "daemon ForkPoolWorker-2", rep->text);
    QVERIFY(nothingLeft(run));
}

void PoolTest::exceptionsComeBack() {
    QFETCH(bool, step);
    SharedBlock<Report> rep;
    auto run = runLesson(
        [&] {
            rep->mainPid = ::getpid();
            Pool pool(2);
            AsyncResult r = pool.apply_async(
                boom, 7, [&](const Message&) { ++rep->callbacks; },
                [&](const std::string& error) {
                    ++rep->errorCallbacks;
                    rep->callbackPid = ::getpid();
                    copyText(rep->text, error);
                });
            try {
                r.get();
            } catch (const TaskError& e) {
                copyText(rep->text2, e.what());
                rep->checks |= 1;
            }
            rep->checks |= !r.successful() ? 2 : 0;
            try {
                pool.apply(boom, "x");
            } catch (const TaskError& e) {
                rep->checks |= std::string(e.what()) == "boom 'x'" ? 4 : 0;
            }
            std::vector<Message> items;
            for (int i = 0; i < 10; ++i)
                items.emplace_back(i);
            try {
                pool.map(failOnSeven, items);
            } catch (const TaskError& e) {
                rep->checks |= std::string(e.what()) == "seven" ? 8 : 0;
            }
            // The workers survived their tasks' exceptions.
            rep->checks |= pool.apply(square, 3).toInt() == 9 ? 16 : 0;
            pool.close();
            pool.join();
        },
        configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->checks, 31);
    QCOMPARE(rep->callbacks, 0);
    QCOMPARE(rep->errorCallbacks, 1);
    QCOMPARE(rep->callbackPid, rep->mainPid);
    QCOMPARE(std::string(rep->text), std::string("boom 7"));
    QCOMPARE(std::string(rep->text2), std::string("boom 7"));
    QCOMPARE(run.errors(), std::size_t{0}); // no process died of it
}

void PoolTest::getWithTimeout() {
    QFETCH(bool, step);
    SharedBlock<Report> rep;
    auto run = runLesson(
        [&] {
            Pool pool(1);
            AsyncResult r = pool.apply_async(slowSquare, 9); // sleeps 0.5 s
            try {
                r.get(0.05);
            } catch (const TimeoutError&) {
                rep->checks |= 1;
            }
            rep->checks |= !r.ready() ? 2 : 0;
            try {
                r.successful();
            } catch (const ValueError&) {
                rep->checks |= 4; // not ready yet
            }
            r.wait();
            rep->checks |= r.ready() ? 8 : 0;
            rep->checks |= r.get(0).toInt() == 81 ? 16 : 0;
            pool.close();
            pool.join();
        },
        configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->checks, 31);
}

void PoolTest::closeAndJoinRules() {
    SharedBlock<Report> rep;
    auto run = runLesson([&] {
        Pool pool(2);
        try {
            pool.join();
        } catch (const ValueError& e) {
            rep->checks |= std::string(e.what()) == "Pool is still running" ? 1 : 0;
        }
        AsyncResult r = pool.apply_async(square, 5);
        pool.close();
        pool.close(); // twice is fine
        try {
            pool.apply(square, 2);
        } catch (const ValueError& e) {
            rep->checks |= std::string(e.what()) == "Pool not running" ? 2 : 0;
        }
        pool.join();
        pool.join(); // twice is fine
        rep->checks |= r.ready() && r.get().toInt() == 25 ? 4 : 0;
        // close() queued one None per worker: the workers ended by themselves.
        rep->checks |= pool.taskQueue().empty() && pool.resultQueue().empty() ? 8 : 0;
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->checks, 15);
    QCOMPARE(run.count(Op::Terminate), std::size_t{0});
}

void PoolTest::terminateLeavesNothingBehind() {
    QFETCH(bool, step);
    SharedBlock<Report> rep;
    auto run = runLesson(
        [&] {
            Pool pool(3);
            AsyncResult r = pool.apply_async(slowSquare, 2);
            const auto workers = pool.pids();
            pool.terminate(); // one worker sleeping in a task, two waiting for one
            for (int p : workers)
                rep->gone += processGone(p) ? 1 : 0;
            try {
                r.get();
            } catch (const ValueError&) {
                rep->checks |= 1; // cut short: get() does not wait forever
            }
            pool.join(); // allowed after terminate()
            rep->checks |= 2;
        },
        configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(rep->gone, 3);
    QCOMPARE(rep->checks, 3);
    QCOMPARE(run.count(Op::Terminate), std::size_t{3});
    QVERIFY(nothingLeft(run));
}

void PoolTest::destructionLeavesNothingBehind() {
    QFETCH(bool, step);
    SharedBlock<Report> rep;
    auto run = runLesson(
        [&] {
            std::vector<int> workers;
            {
                Pool pool(4);
                workers = pool.pids();
                rep->values[0] = pool.apply(square, 4).toInt();
            } // neither closed nor joined: the destructor terminates the workers
            for (int p : workers)
                rep->gone += processGone(p) ? 1 : 0;
        },
        configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(rep->values[0], int64_t{16});
    QCOMPARE(rep->gone, 4);
    QVERIFY(nothingLeft(run));
}

void PoolTest::messagesRoundTrip() {
    SharedBlock<Report> rep;
    const std::vector<Message> values{
        Message(),    Message(true),     Message(false),         Message(-5),
        Message(2.5), Message(1e-300),   Message(-0.1),          Message("it's (a) 'quote'"),
        Message(""),  Message("包子 1"), Message::bytes("ab c"), Message(9007199254740993LL)};
    auto run = runLesson([&] {
        Pool pool(2);
        const auto out = pool.map(identity, values);
        int same = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            same += out[i] == values[i] ? 1 : 0;
        rep->count = same;
        for (std::size_t i = 0; i < values.size(); ++i)
            same += pool.apply(identity, values[i]) == values[i] ? 1 : 0;
        rep->checks = same;
        pool.close();
        pool.join();
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->count, static_cast<int>(values.size()));
    QCOMPARE(rep->checks, static_cast<int>(2 * values.size()));
}

void PoolTest::argumentTooLong() {
    SharedBlock<Report> rep;
    auto run = runLesson([&] {
        Pool pool(1);
        const std::string longest(Pool::kMaxArgumentBytes - 2, 'x'); // repr adds the quotes
        rep->checks |= pool.apply(identity, longest).str() == longest ? 1 : 0;
        try {
            pool.apply(identity, longest + "y");
        } catch (const ValueError&) {
            rep->checks |= 2;
        }
        rep->checks |= pool.apply(square, 6).toInt() == 36 ? 4 : 0;
        pool.close();
        pool.join();
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->checks, 7);
}

void PoolTest::manyTasksBeyondTheWindow() {
    SharedBlock<Report> rep;
    auto run = runLesson([&] {
        Pool pool(3);
        std::vector<Message> items;
        for (int i = 0; i < 3 * Pool::kMaxOutstanding; ++i)
            items.emplace_back(i);
        const auto out = pool.map(square, items);
        bool ok = out.size() == items.size();
        for (std::size_t i = 0; ok && i < out.size(); ++i)
            ok = out[i].toInt() == static_cast<int64_t>(i * i);
        rep->checks |= ok ? 1 : 0;
        std::vector<AsyncResult> results;
        for (int i = 0; i < 2 * Pool::kMaxOutstanding; ++i)
            results.push_back(
                pool.apply_async(square, i, [&](const Message&) { ++rep->callbacks; }));
        pool.close();
        pool.join();
        int64_t sum = 0;
        for (auto& r : results)
            sum += r.get().toInt();
        rep->values[0] = sum;
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(rep->checks, 1);
    QCOMPARE(rep->callbacks, 2 * Pool::kMaxOutstanding);
    int64_t sum = 0;
    for (int64_t i = 0; i < 2 * Pool::kMaxOutstanding; ++i)
        sum += i * i;
    QCOMPARE(rep->values[0], sum);
}

// ---- the lesson ----

void PoolTest::lessonMapAgainstProcesses() {
    QFETCH(bool, step);
    auto run = runScenario("pool", {"tasks=20"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(!run.result.deadlocked);
    const auto out = run.outcomes();
    QCOMPARE(out.at("pool_processes"), 5);
    QCOMPARE(out.at("separate_processes"), 20);
    QVERIFY(out.at("pool_ms") >= 0 && out.at("processes_ms") >= 0);
    QCOMPARE(run.result.processesStarted, 26u); // main, 5 workers, 20 processes
    const auto zh = run.lines(true);
    for (int i = 0; i < 20; ++i) // print(n): once in the pool, once in its own process
        QCOMPARE(std::count(zh.begin(), zh.end(), std::to_string(i)), 2);
    QVERIFY(zh[zh.size() - 2].starts_with("t1>> "));
    QVERIFY(zh[zh.size() - 2].ends_with(" 秒（进程池）"));
    QVERIFY(run.lines(false).back().ends_with(" s (a process per task)"));
    QVERIFY(nothingLeft(run));
}

void PoolTest::lessonApplyIsSynchronous() {
    QFETCH(bool, step);
    auto run = runScenario("pool", {"variant=apply", "delay_scale=0.05"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(!run.result.deadlocked);
    QVERIFY(run.invariantsHeld());
    const auto zh = run.lines(true);
    QCOMPARE(zh.back(), std::string("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"));
    QCOMPARE(std::count_if(zh.begin(), zh.end(), [](const auto& l) { return l.ends_with(" run"); }),
             10);
    if (!step) // one task after the other: ten sleeps of 50 ms at least
        QVERIFY(run.outcomes().at("elapsed_ms") >= 500);
    // Not closed nor joined: the pool's destructor terminated its 3 workers.
    QCOMPARE(run.count(Op::Terminate), std::size_t{3});
    QVERIFY(nothingLeft(run));
}

void PoolTest::lessonApplyAsync() {
    QFETCH(bool, step);
    auto run = runScenario("pool", {"variant=apply_async", "delay_scale=0.05"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const auto zh = run.lines(true);
    const std::vector<std::string> results(zh.end() - 10, zh.end());
    QCOMPARE(results,
             (std::vector<std::string>{"0", "1", "4", "9", "16", "25", "36", "49", "64", "81"}));
    QCOMPARE(run.count(Op::Terminate), std::size_t{0}); // closed and joined
    QVERIFY(nothingLeft(run));
}

void PoolTest::lessonCallbackRunsInMain() {
    QFETCH(bool, step);
    auto run = runScenario("pool", {"variant=callback"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(run.outcomes().at("callbacks_in_main"), 1);
    QVERIFY(run.invariantsHeld());
    const auto zh = run.lines(true);
    QCOMPARE(zh.size(), std::size_t{6});
    QVERIFY(zh[0].starts_with("主进程: "));
    const std::string mainPid = zh[0].substr(std::strlen("主进程: "));
    QVERIFY(zh[1].starts_with("func1>> "));
    QCOMPARE(zh[2], std::string("func1"));
    QVERIFY(zh[1] != "func1>> " + mainPid); // the task ran in a worker
    QCOMPARE(zh[3], "func2>> " + mainPid);  // the callback in the main process
    QCOMPARE(zh[4], std::string("func2"));
    QCOMPARE(zh[5], std::string("100"));
    QCOMPARE(run.lines(false)[0], "main process: " + mainPid);

    auto ten = runScenario("pool", {"variant=callback", "tasks=10"}, configFor(step));
    QCOMPARE(ten.outcomes().at("callbacks_in_main"), 10);
    const auto lines = linesSet(ten.lines(true));
    for (int i = 10; i < 20; ++i)
        QVERIFY(lines.count(std::to_string(i * i)) == 1);
    QVERIFY(nothingLeft(ten));
}

void PoolTest::lessonErrorCallback() {
    QFETCH(bool, step);
    auto run = runScenario("pool", {"variant=error_callback", "delay_scale=0.05"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(run.errors(), std::size_t{0});
    const auto out = run.outcomes();
    QCOMPARE(out.at("succeeded"), 3);
    QCOMPARE(out.at("failed"), 2);
    QVERIFY(run.invariantsHeld());
    const auto zh = run.lines(true);
    QVERIFY(zh.front().starts_with("[父进程]PID="));
    QCOMPARE(zh.back(), std::string("over"));
    const auto lines = linesSet(zh);
    for (const char* line : {"[子进程0]执行完毕", "[子进程1]执行完毕", "[子进程2]执行完毕",
                             "[子进程3]啊,我挂了~", "[子进程4]啊,我挂了~"})
        QVERIFY2(lines.count(line) == 1, line);
    QCOMPARE(std::count_if(zh.begin(), zh.end(),
                           [](const auto& l) {
                               return l.starts_with("[子进程") &&
                                      l.find("]PID=") != std::string::npos;
                           }),
             5);
    QVERIFY(linesSet(run.lines(false)).count("[child 2] finished") == 1);
    QVERIFY(nothingLeft(run));
}

void PoolTest::lessonGetTimeout() {
    QFETCH(bool, step);
    auto run = runScenario("pool", {"variant=get_timeout", "delay_scale=0.2"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(!run.result.deadlocked);
    const auto zh = run.lines(true);
    QCOMPARE(zh.size(), std::size_t{2});
    QCOMPARE(zh[0], std::string("<multiprocessing.pool.ApplyResult object>"));
    if (step) { // both deadlines on the same virtual instant, the main process first
        QCOMPARE(zh[1], std::string("超时了~"));
        QCOMPARE(run.outcomes().at("timed_out"), 1);
    }
    QVERIFY(nothingLeft(run)); // the pool's destructor terminated the workers
}

void PoolTest::lessonPoolVersusSemaphore() {
    QFETCH(bool, step);
    auto run =
        runScenario("pool", {"variant=semaphore", "tasks=12", "delay_scale=0.2"}, configFor(step));
    QCOMPARE(run.result.mainExitCode, 0);
    const auto out = run.outcomes();
    QCOMPARE(out.at("semaphore_processes"), 12);
    QVERIFY(out.at("pool_processes") >= 1 && out.at("pool_processes") <= 5);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.result.processesStarted, 18u); // main, 12 trucks, then a pool of 5
    const auto zh = run.lines(true);
    QCOMPARE(std::count_if(zh.begin(), zh.end(),
                           [](const auto& l) { return l.find("辆车在拉煤") != std::string::npos; }),
             24);
    QVERIFY(nothingLeft(run));
}

void PoolTest::lessonSteppedRunRepeatsExactly_data() {
    QTest::addColumn<QString>("variant");
    for (const char* v : {"map", "apply_async", "callback", "error_callback", "semaphore"})
        QTest::newRow(v) << QString::fromLatin1(v);
}

void PoolTest::lessonSteppedRunRepeatsExactly() {
    QFETCH(QString, variant);
    const std::vector<std::string> settings{"variant=" + variant.toStdString(), "tasks=8"};
    auto a = runScenario("pool", settings, stepConfig(proclab::control::StepPolicy::Random, 11));
    auto b = runScenario("pool", settings, stepConfig(proclab::control::StepPolicy::Random, 11));
    QVERIFY(!a.result.grants.empty());
    QCOMPARE(a.result.grants, b.result.grants);
    QCOMPARE(a.lines(false).size(), b.lines(false).size());
}

QTEST_GUILESS_MAIN(PoolTest)
#include "tst_pool.moc"
