// Step mode: a process passes a step point only when granted; decisions are taken
// only when the run is quiescent, so a stepped run is a function of its grants.
// Sleeps and timeouts use the run's virtual clock.
#include "engine/mp/mp.h"
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <set>

using namespace proclab;
using namespace proclab::mp;
using proclab::testing::runLesson;
using proclab::testing::SharedBlock;
using proclab::testing::stepConfig;

namespace {

// The run as a sequence of operations, independent of pids and times: pids are
// renamed in order of first appearance (also where an argument is a pid).
QStringList signature(const testing::LessonRun& run) {
    std::set<int64_t> pids;
    for (const auto& r : run.records)
        pids.insert(r.pid);
    std::map<int64_t, int> names;
    auto nameOf = [&](int64_t pid) {
        auto [it, inserted] = names.emplace(pid, static_cast<int>(names.size()));
        return it->second;
    };
    QStringList out;
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        const auto& r = run.records[i];
        if ((r.flags & trace::kFlagHost) != 0)
            continue; // the host's own bookkeeping (reaping) runs on its own time
        const auto op = static_cast<trace::Op>(r.op);
        QString arg = QString::number(r.arg);
        if (pids.count(r.arg) != 0)
            arg = QStringLiteral("P%1").arg(nameOf(r.arg));
        out << QStringLiteral("P%1 %2 %3 %4 @%5")
                   .arg(nameOf(r.pid))
                   .arg(QString::fromLatin1(trace::opName(op).data()))
                   .arg(QString::fromLatin1(
                       trace::phaseName(static_cast<trace::Phase>(r.phase)).data()))
                   .arg(arg)
                   .arg(r.line);
        i += trace::payloadRecordsOf(r);
    }
    return out;
}

struct Tickets {
    int sold;
};

// The tutorial's unlocked ticket program: search, then get with its delays.
void ticketRace(Tickets* out) {
    Value<int> db(1, false, "db");
    Queue receipts;
    std::vector<Process> buyers;
    for (int i = 0; i < 3; ++i) {
        buyers.emplace_back([&] {
            say("剩余票数" + std::to_string(db.value()),
                "tickets left: " + std::to_string(db.value()));
            const int count = db.value(); // get(): read the file...
            mp::sleep(0.1);               // ...network delay...
            if (count > 0) {
                mp::sleep(0.2);
                db.set(count - 1); // ...and write it back
                say("购票成功", "bought a ticket");
                receipts.put(1);
            }
        });
        buyers.back().start();
    }
    for (auto& b : buyers)
        b.join();
    while (!receipts.empty()) {
        receipts.get();
        ++out->sold;
    }
}

// A bit of everything that blocks: a pipe, a queue handoff, a lock, joins, an event.
void mixedLesson() {
    auto [rx, tx] = Pipe();
    Queue q(1);
    Lock lock;
    Event done;
    Process producer([&] {
        for (int i = 0; i < 3; ++i) {
            q.put(i);
            tx.send(i);
        }
        tx.send(nullptr);
    });
    Process consumer([&] {
        for (int i = 0; i < 3; ++i) {
            With with(lock);
            q.get();
        }
        done.set();
    });
    producer.start();
    consumer.start();
    while (!rx.recv().isNone()) {
        With with(lock);
    }
    done.wait();
    producer.join();
    consumer.join();
}

} // namespace

class StepTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundRobinIsTheSameEveryTime_data();
    void roundRobinIsTheSameEveryTime();
    void ticketRaceHappensInRoundRobin();
    void recordedRunReplaysExactly();
    void virtualClockMakesSleepsInstant();
    void timedWaitsUseTheVirtualClock();
    void deadlockIsDetected_data();
    void deadlockIsDetected();
};

void StepTest::roundRobinIsTheSameEveryTime_data() {
    QTest::addColumn<int>("lesson");
    QTest::newRow("tickets") << 0;
    QTest::newRow("pipe, queue, lock, join, event") << 1;
}

void StepTest::roundRobinIsTheSameEveryTime() {
    QFETCH(int, lesson);
    SharedBlock<Tickets> out;
    QStringList first;
    for (int run = 0; run < 5; ++run) {
        auto result = runLesson(
            [&] {
                if (lesson == 0)
                    ticketRace(&*out);
                else
                    mixedLesson();
            },
            stepConfig(control::StepPolicy::RoundRobin));
        QCOMPARE(result.result.mainExitCode, 0);
        QVERIFY(!result.result.deadlocked);
        const QStringList sig = signature(result);
        if (run == 0)
            first = sig;
        else
            QCOMPARE(sig, first);
    }
    QVERIFY(first.size() > 20);
}

void StepTest::ticketRaceHappensInRoundRobin() {
    // Every buyer reads the file before anyone writes it back: all three "buy" the
    // last ticket, as the tutorial shows.
    SharedBlock<Tickets> out;
    auto run = runLesson([&] { ticketRace(&*out); }, stepConfig(control::StepPolicy::RoundRobin));
    QCOMPARE(out->sold, 3);
    QVERIFY(run.result.grants.size() > 10);
}

void StepTest::recordedRunReplaysExactly() {
    SharedBlock<Tickets> out;
    auto recorded =
        runLesson([&] { ticketRace(&*out); }, stepConfig(control::StepPolicy::Random, 7));
    const QStringList expected = signature(recorded);
    const int soldFirst = out->sold;
    auto config = stepConfig(control::StepPolicy::Replay);
    config.replay = recorded.result.grants;
    for (int i = 0; i < 100; ++i) {
        out->sold = 0;
        auto replay = runLesson([&] { ticketRace(&*out); }, config);
        QVERIFY(!replay.result.replayDiverged);
        QCOMPARE(replay.result.grants, recorded.result.grants);
        QCOMPARE(signature(replay), expected);
        QCOMPARE(out->sold, soldFirst);
    }
}

void StepTest::virtualClockMakesSleepsInstant() {
    QElapsedTimer timer;
    timer.start();
    auto run = runLesson(
        [] {
            Process p([] { mp::sleep(3600); });
            p.start();
            mp::sleep(1800);
            p.join();
        },
        stepConfig(control::StepPolicy::RoundRobin));
    QVERIFY(timer.elapsed() < 10'000);
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(run.host->arena().header().gate.virtualNowNs.load(), 3600'000'000'000ull);
}

void StepTest::timedWaitsUseTheVirtualClock() {
    struct Out {
        bool eventTimedOut, lockTimedOut, getTimedOut;
    };
    SharedBlock<Out> out;
    QElapsedTimer timer;
    timer.start();
    auto run = runLesson(
        [&] {
            Event never;
            Lock held;
            Queue empty;
            held.acquire();
            out->eventTimedOut = !never.wait(100);
            Process other([&] { out->lockTimedOut = !held.acquire(true, 100); });
            other.start();
            other.join();
            try {
                empty.get(true, 100);
            } catch (const Empty&) {
                out->getTimedOut = true;
            }
        },
        stepConfig(control::StepPolicy::RoundRobin));
    QVERIFY(out->eventTimedOut);
    QVERIFY(out->lockTimedOut);
    QVERIFY(out->getTimedOut);
    QVERIFY(timer.elapsed() < 10'000);
    QCOMPARE(run.host->arena().header().gate.virtualNowNs.load(), 300'000'000'000ull);
}

void StepTest::deadlockIsDetected_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("step") << true;
}

void StepTest::deadlockIsDetected() {
    QFETCH(bool, step);
    auto config = step ? stepConfig(control::StepPolicy::RoundRobin) : testing::testConfig();
    auto run = runLesson(
        [] {
            Lock lock;
            lock.acquire();
            lock.acquire(); // the tutorial's warning: this never returns
        },
        config);
    QVERIFY(run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.count(trace::Op::Deadlock), std::size_t{1});
    QCOMPARE(run.count(trace::Op::SelfDeadlock), std::size_t{1});
}

QTEST_GUILESS_MAIN(StepTest)
#include "tst_step.moc"
