// Process: start is a real fork, exit codes as Python reports them, join/is_alive,
// names, data isolation, daemon rules, and a fork that fails.
#include "engine/mp/mp.h"
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <signal.h>

#include <cerrno>
#include <stdexcept>

using namespace proclab;
using namespace proclab::mp;
using proclab::testing::runLesson;
using proclab::testing::SharedBlock;

namespace {
int gIsolated = 100; // the tutorial's global n = 100
}

class ProcessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exitCode_data();
    void exitCode();
    void joinTimeoutAndIsAlive();
    void childIsARealProcess();
    void dataIsolation();
    void namesFollowPython();
    void daemonIsTerminatedWhenParentEnds();
    void daemonMayNotHaveChildren();
    void failedForkIsAnErrorNotACrash();
    void lessonErrorGivesExitCodeOne();
};

void ProcessTest::exitCode_data() {
    QTest::addColumn<int>("how");
    QTest::addColumn<int>("expected");
    QTest::newRow("returns normally") << 0 << 0;
    QTest::newRow("os._exit(3)") << 1 << 3;
    QTest::newRow("terminate() is SIGTERM") << 2 << -SIGTERM;
    QTest::newRow("kill() is SIGKILL") << 3 << -SIGKILL;
    QTest::newRow("lesson code throws") << 4 << 1;
}

void ProcessTest::exitCode() {
    QFETCH(int, how);
    QFETCH(int, expected);
    struct Out {
        int exitcode;
        bool hadCodeBeforeJoin;
    };
    SharedBlock<Out> out;
    auto run = runLesson([&] {
        Event forever;
        Process p([&] {
            if (how == 1)
                exit_now(3);
            if (how == 4)
                throw std::runtime_error("boom");
            if (how >= 2)
                forever.wait(); // until signalled
        });
        p.start();
        if (how == 2)
            p.terminate();
        if (how == 3)
            p.kill();
        p.join();
        out->exitcode = p.exitcode().value_or(999);
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(out->exitcode, expected);
}

void ProcessTest::joinTimeoutAndIsAlive() {
    struct Out {
        bool aliveBefore, joinedEarly, hasCodeEarly, joinedLater, aliveAfter;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Event release;
        Process p([&] { release.wait(); });
        p.start();
        out->aliveBefore = p.is_alive();
        out->joinedEarly = p.join(0.05);
        out->hasCodeEarly = p.exitcode().has_value();
        release.set();
        out->joinedLater = p.join(10);
        out->aliveAfter = p.is_alive();
    });
    QVERIFY(out->aliveBefore);
    QVERIFY(!out->joinedEarly);
    QVERIFY(!out->hasCodeEarly);
    QVERIFY(out->joinedLater);
    QVERIFY(!out->aliveAfter);
}

void ProcessTest::childIsARealProcess() {
    struct Out {
        int mainPid, childPid, childPpid, childSeenByParent;
    };
    SharedBlock<Out> out;
    const int testPid = ::getpid();
    runLesson([&] {
        out->mainPid = mp::getpid();
        Process p([&] {
            out->childPid = mp::getpid();
            out->childPpid = mp::getppid();
        });
        p.start();
        out->childSeenByParent = p.pid();
        p.join();
    });
    QVERIFY(out->mainPid != testPid);
    QVERIFY(out->childPid != out->mainPid);
    QCOMPARE(out->childPpid, out->mainPid);
    QCOMPARE(out->childSeenByParent, out->childPid);
}

void ProcessTest::dataIsolation() {
    struct Out {
        int inChild, inParent;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Process p([&] {
            gIsolated = 0;
            out->inChild = gIsolated;
        });
        p.start();
        p.join();
        out->inParent = gIsolated;
    });
    QCOMPARE(out->inChild, 0);
    QCOMPARE(out->inParent, 100);
}

void ProcessTest::namesFollowPython() {
    struct Out {
        char main[32], first[32], grandchild[32], named[32];
    };
    SharedBlock<Out> out;
    auto copy = [](char* to, const std::string& from) {
        std::snprintf(to, 32, "%s", from.c_str());
    };
    runLesson([&] {
        copy(out->main, current_process().name);
        Process a([&] {
            copy(out->first, current_process().name);
            Process b([&] { copy(out->grandchild, current_process().name); });
            b.start();
            b.join();
        });
        Process named([&] { copy(out->named, current_process().name); }, "买票的");
        a.start();
        a.join();
        named.start();
        named.join();
    });
    QCOMPARE(QString::fromUtf8(out->main), QStringLiteral("MainProcess"));
    QCOMPARE(QString::fromUtf8(out->first), QStringLiteral("Process-1"));
    QCOMPARE(QString::fromUtf8(out->grandchild), QStringLiteral("Process-1:1"));
    QCOMPARE(QString::fromUtf8(out->named), QStringLiteral("买票的"));
}

void ProcessTest::daemonIsTerminatedWhenParentEnds() {
    // The emperor (main) ends; his consort (a daemon) is terminated with him, while
    // the non-daemon child is waited for.
    struct Out {
        int daemonPid, workerPid;
        bool workerFinished;
    };
    SharedBlock<Out> out;
    auto run = runLesson([&] {
        Event never;
        Event workerMayFinish;
        Process consort([&] { never.wait(); });
        consort.daemon = true;
        Process worker([&] {
            workerMayFinish.wait();
            out->workerFinished = true;
        });
        consort.start();
        worker.start();
        out->daemonPid = consort.pid();
        out->workerPid = worker.pid();
        workerMayFinish.set();
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(out->workerFinished);
    bool daemonTerminated = false;
    for (const auto& r : run.records)
        daemonTerminated =
            daemonTerminated || (r.op == uint16_t(trace::Op::Terminate) && r.arg == out->daemonPid);
    QVERIFY(daemonTerminated);
    QVERIFY(!run.result.timedOut);
}

void ProcessTest::daemonMayNotHaveChildren() {
    struct Out {
        bool refused;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Process d([&] {
            try {
                Process grandchild([] {});
                grandchild.start();
            } catch (const AssertionError&) {
                out->refused = true;
            }
        });
        d.daemon = true;
        d.start();
        d.join();
    });
    QVERIFY(out->refused);
}

void ProcessTest::failedForkIsAnErrorNotACrash() {
    struct Out {
        int started, errorCode;
        bool caught;
    };
    SharedBlock<Out> out;
    auto config = proclab::testing::testConfig();
    config.arena.maxProcesses = 3; // the main process and two children
    auto run = runLesson(
        [&] {
            std::vector<Process> children;
            try {
                for (int i = 0; i < 5; ++i) {
                    children.emplace_back([] {});
                    children.back().start();
                    ++out->started;
                }
            } catch (const ProcessError& e) {
                out->caught = true;
                out->errorCode = e.errorCode;
            }
            for (auto& c : children)
                if (c.started())
                    c.join();
        },
        config);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(out->caught);
    QCOMPARE(out->started, 2);
    QCOMPARE(out->errorCode, EAGAIN);
    QCOMPARE(run.count(trace::Op::Start, trace::Phase::Fail), std::size_t{1});
}

void ProcessTest::lessonErrorGivesExitCodeOne() {
    auto run = runLesson([] { throw std::runtime_error("lesson bug"); });
    QCOMPARE(run.result.mainExitCode, 1);
    QCOMPARE(run.count(trace::Op::Error), std::size_t{1});
}

QTEST_GUILESS_MAIN(ProcessTest)
#include "tst_process.moc"
