// The host: a lossless trace, nothing left behind (processes, fds), a killed host
// takes every lesson process with it, timeouts and stop requests end a run, and the
// kernel's own view of zombies and orphans.
#include "engine/mp/mp.h"
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <dirent.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <fstream>
#include <map>

using namespace proclab;
using namespace proclab::mp;
using proclab::testing::processesInGroup;
using proclab::testing::processGone;
using proclab::testing::runLesson;
using proclab::testing::SharedBlock;
using proclab::testing::waitUntil;

namespace {

int openFds() {
    int n = 0;
    if (DIR* dir = opendir("/proc/self/fd")) {
        while (readdir(dir) != nullptr)
            ++n;
        closedir(dir);
    }
    return n;
}

char kernelState(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

host::Host* gStopTarget = nullptr;
void stopOnAlarm(int) {
    gStopTarget->requestStop();
}

void reapStrays() {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
}

} // namespace

class HostTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void onlyTheWatchdogBesideUs();
    void traceIsLosslessAndOrdered_data();
    void traceIsLosslessAndOrdered();
    void narrativeInBothLanguages();
    void nothingLeftAfterRun();
    void killedHostTakesEveryoneWithIt();
    void timeoutKillsEverything();
    void stopRequestKillsEverything();
    void zombieIsRealAndOrphanIsAdopted();
    void cleanupTestCase() { reapStrays(); }
};

void HostTest::onlyTheWatchdogBesideUs() {
    // Tests host their lessons in-process and fork from here. The only other thread
    // is QtTest's watchdog (it cannot be switched off), which sleeps on a condition
    // variable and holds no lock a child could inherit; glibc's fork keeps malloc
    // usable in the child. proclab-engine itself is single-threaded.
    QStringList others;
    if (DIR* dir = opendir("/proc/self/task")) {
        while (dirent* e = readdir(dir)) {
            if (e->d_name[0] == '.' || std::atoi(e->d_name) == ::getpid())
                continue;
            std::ifstream comm(std::string("/proc/self/task/") + e->d_name + "/comm");
            std::string name;
            std::getline(comm, name);
            others << QString::fromStdString(name);
        }
        closedir(dir);
    }
    others.removeAll(QStringLiteral("QtTest Watchdog"));
#if defined(__SANITIZE_THREAD__)
    others.removeAll(QStringLiteral("tst_engine_host")); // ThreadSanitizer's own thread
#endif
    QVERIFY2(others.isEmpty(), qPrintable(others.join(QLatin1Char(','))));
}

void HostTest::traceIsLosslessAndOrdered_data() {
    QTest::addColumn<int>("ringCapacity");
    QTest::addColumn<int>("writers");
    QTest::addColumn<int>("perWriter");
    QTest::newRow("tiny rings: writers wait for the host") << 64 << 3 << 20'000;
    QTest::newRow("default rings") << 4096 << 4 << 20'000;
}

void HostTest::traceIsLosslessAndOrdered() {
    QFETCH(int, ringCapacity);
    QFETCH(int, writers);
    QFETCH(int, perWriter);
    auto config = proclab::testing::testConfig();
    config.arena.ringCapacity = static_cast<uint32_t>(ringCapacity);
    auto run = runLesson(
        [&] {
            std::vector<Process> ps;
            for (int w = 0; w < writers; ++w) {
                ps.emplace_back([&] {
                    Value<int> mine(0, false);
                    for (int k = 0; k < perWriter; ++k)
                        mine.set(k);
                });
                ps.back().start();
            }
            for (auto& p : ps)
                p.join();
        },
        config);
    std::map<int, int> nextExpected; // per pid: the next value written
    std::size_t writes = 0;
    uint64_t lastTime = 0;
    std::size_t outOfOrder = 0;
    for (const auto& r : run.records) {
        outOfOrder += r.timeNs < lastTime ? 1 : 0;
        lastTime = std::max(lastTime, r.timeNs);
        if (r.op != uint16_t(trace::Op::Write))
            continue;
        ++writes;
        int& expected = nextExpected[r.pid];
        QCOMPARE(r.arg, int64_t{expected});
        ++expected;
    }
    QCOMPARE(writes, std::size_t(writers) * std::size_t(perWriter));
    QCOMPARE(run.result.records, run.records.size());
    // Batches are merged by time; records of different batches may interleave only
    // when a writer was preempted between taking its timestamp and publishing.
    QVERIFY2(outOfOrder * 100 < run.records.size(), qPrintable(QString::number(outOfOrder)));
}

void HostTest::narrativeInBothLanguages() {
    auto run = runLesson([] {
        say("user1 占到一间ktv小屋", "user1 got a KTV room");
        say("42");
    });
    const auto lines = run.lines();
    QCOMPARE(int(lines.size()), 2);
    QCOMPARE(QString::fromStdString(lines[0]), QStringLiteral("user1 got a KTV room"));
    QCOMPARE(QString::fromStdString(lines[1]), QStringLiteral("42"));
    bool zhFound = false;
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        const auto& r = run.records[i];
        if (r.op == uint16_t(trace::Op::Say) && !zhFound) {
            const auto zhBytes = static_cast<std::size_t>(static_cast<uint64_t>(r.arg) >> 32);
            const std::string zh(reinterpret_cast<const char*>(&run.records[i + 1]), zhBytes);
            zhFound = zh == "user1 占到一间ktv小屋";
        }
    }
    QVERIFY(zhFound);
}

void HostTest::nothingLeftAfterRun() {
    struct Out {
        int pgid;
    };
    SharedBlock<Out> out;
    const int fdsBefore = openFds();
    {
        auto run = runLesson([&] {
            out->pgid = mp::getpid();
            Lock lock;
            auto [a, b] = Pipe();
            std::vector<Process> ps;
            for (int i = 0; i < 10; ++i) {
                ps.emplace_back([&] {
                    With with(lock);
                    b.send(i);
                });
                ps.back().start();
            }
            for (auto& p : ps)
                p.join();
        });
        QCOMPARE(run.result.mainExitCode, 0);
        QCOMPARE(run.result.processesStarted, 11u);
    }
    QVERIFY(processesInGroup(out->pgid).empty());
    QCOMPARE(openFds(), fdsBefore); // arena memfd, pidfds, sockets: all closed
}

void HostTest::killedHostTakesEveryoneWithIt() {
    struct Out {
        std::atomic<int> count;
        int pids[8];
    };
    SharedBlock<Out> out;
    const pid_t hostPid = fork();
    QVERIFY(hostPid >= 0);
    if (hostPid == 0) {
        // The host under test; never returns into QtTest.
        host::Host h(proclab::testing::testConfig());
        h.run(
            [&] {
                out->pids[out->count.fetch_add(1)] = mp::getpid();
                Lock lock;
                Event never;
                auto [a, b] = Pipe();
                lock.acquire();
                std::vector<Process> ps;
                ps.emplace_back([&] {
                    out->pids[out->count.fetch_add(1)] = mp::getpid();
                    mp::sleep(60);
                });
                ps.emplace_back([&] {
                    out->pids[out->count.fetch_add(1)] = mp::getpid();
                    lock.acquire();
                });
                ps.emplace_back([&] {
                    out->pids[out->count.fetch_add(1)] = mp::getpid();
                    a.recv();
                });
                ps.emplace_back([&] {
                    out->pids[out->count.fetch_add(1)] = mp::getpid();
                    never.wait();
                });
                for (auto& p : ps)
                    p.start();
                never.wait();
            },
            nullptr);
        _exit(0);
    }
    QVERIFY(waitUntil([&] { return out->count.load() == 5; }));
    kill(hostPid, SIGKILL);
    waitpid(hostPid, nullptr, 0);
    QElapsedTimer timer;
    timer.start();
    const bool allGone = waitUntil(
        [&] {
            for (int i = 0; i < 5; ++i)
                if (!processGone(out->pids[i]))
                    return false;
            return true;
        },
        2.0);
    QVERIFY2(allGone, "a lesson process outlived its killed host by more than 2 s");
    qInfo("all lesson processes gone %lld ms after the host was killed",
          static_cast<long long>(timer.elapsed()));
    reapStrays();
}

void HostTest::timeoutKillsEverything() {
    struct Out {
        int pgid;
    };
    SharedBlock<Out> out;
    auto config = proclab::testing::testConfig();
    config.timeoutSeconds = 0.3;
    auto run = runLesson(
        [&] {
            out->pgid = mp::getpid();
            Event never;
            Process a([&] { never.wait(); });
            Process b([&] { mp::sleep(60); });
            a.start();
            b.start();
            never.wait();
        },
        config);
    QVERIFY(run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, -SIGKILL);
    QVERIFY(processesInGroup(out->pgid).empty());
}

void HostTest::stopRequestKillsEverything() {
    struct Out {
        int pgid;
        std::atomic<int> started;
    };
    SharedBlock<Out> out;
    auto config = proclab::testing::testConfig();
    config.endOnDeadlock = false; // everyone waits forever: only the stop may end it
    host::Host h(config);
    gStopTarget = &h;
    struct sigaction action {};
    action.sa_handler = stopOnAlarm;
    sigaction(SIGALRM, &action, nullptr);
    // A stop at any moment must end the run cleanly; the timer only picks one.
    itimerval timer{{0, 0}, {0, 200'000}};
    setitimer(ITIMER_REAL, &timer, nullptr);
    const auto result = h.run(
        [&] {
            signal(SIGALRM, SIG_IGN);
            out->pgid = mp::getpid();
            Event never;
            std::vector<Process> ps;
            for (int i = 0; i < 5; ++i) {
                ps.emplace_back([&] {
                    out->started.fetch_add(1);
                    never.wait();
                });
                ps.back().start();
            }
            never.wait();
        },
        nullptr);
    signal(SIGALRM, SIG_DFL);
    QVERIFY(result.stopped);
    QVERIFY(processesInGroup(out->pgid).empty());
}

void HostTest::zombieIsRealAndOrphanIsAdopted() {
    struct Out {
        char zombieState;
        int orphanParentBefore, orphanParentAfter;
        bool adopted;
    };
    SharedBlock<Out> out;
    const int hostPid = ::getpid();
    runLesson([&] {
        // A child that ends while its parent does not wait: the kernel keeps a zombie.
        Process quick([] {});
        quick.start();
        waitUntil([&] { return kernelState(quick.pid()) == 'Z'; });
        out->zombieState = kernelState(quick.pid());
        quick.join();
        // A parent that ends first: its child is adopted by the host (the subreaper).
        Process parent([&] {
            out->orphanParentBefore = mp::getpid();
            Process orphan([&] {
                out->adopted = waitUntil([&] { return mp::getppid() != out->orphanParentBefore; });
                out->orphanParentAfter = mp::getppid();
            });
            orphan.start();
            exit_now(0);
        });
        parent.start();
        parent.join();
    });
    QCOMPARE(out->zombieState, 'Z');
    QVERIFY(out->adopted);
    QCOMPARE(out->orphanParentAfter, hostPid);
}

QTEST_GUILESS_MAIN(HostTest)
#include "tst_host.moc"
