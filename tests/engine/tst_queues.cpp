// Queue and JoinableQueue: Python's blocking, block=False and timeout semantics, FIFO
// items, direct handoff to waiting getters and putters, and join/task_done.
#include "engine/mp/mp.h"
#include "tests/support/lesson_harness.h"

#include <QtTest>

using namespace proclab;
using namespace proclab::mp;
using proclab::testing::runLesson;
using proclab::testing::SharedBlock;
using proclab::testing::view;
using proclab::testing::waiting;
using proclab::testing::waitUntil;

class QueuesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fullAndEmpty_data();
    void fullAndEmpty();
    void itemsKeepOrderAndType();
    void viewerSeesItems();
    void blockedPutterIsServedInTurn();
    void joinWaitsForLastTaskDone();
    void taskDoneTooOften();
    void sentinelPerConsumer();
};

void QueuesTest::fullAndEmpty_data() {
    QTest::addColumn<double>("timeout");
    QTest::addColumn<bool>("block");
    QTest::newRow("put_nowait / get_nowait") << -1.0 << false;
    QTest::newRow("timeout=0.05") << 0.05 << true;
    QTest::newRow("timeout=0") << 0.0 << true;
}

void QueuesTest::fullAndEmpty() {
    QFETCH(double, timeout);
    QFETCH(bool, block);
    struct Out {
        bool full, fullFlag, empty, emptyFlag;
        int sizeWhenFull, got[3];
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Queue q(3); // the tutorial's Queue(3)
        q.put(1);
        q.put(2);
        q.put(3);
        out->fullFlag = q.full();
        out->sizeWhenFull = q.qsize();
        try {
            q.put(4, block, timeout);
        } catch (const Full&) {
            out->full = true;
        }
        for (int& g : out->got)
            g = static_cast<int>(q.get().toInt());
        out->emptyFlag = q.empty();
        try {
            q.get(block, timeout);
        } catch (const Empty&) {
            out->empty = true;
        }
    });
    QVERIFY(out->full);
    QVERIFY(out->fullFlag);
    QCOMPARE(out->sizeWhenFull, 3);
    QCOMPARE(out->got[0], 1);
    QCOMPARE(out->got[1], 2);
    QCOMPARE(out->got[2], 3);
    QVERIFY(out->emptyFlag);
    QVERIFY(out->empty);
}

void QueuesTest::itemsKeepOrderAndType() {
    struct Out {
        bool ok;
        char repr[64];
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Queue q;
        Process producer([&] {
            q.put("包子1");
            q.put(42);
            q.put(2.5);
            q.put(true);
            q.put(nullptr);
        });
        producer.start();
        const Message a = q.get(), b = q.get(), c = q.get(), d = q.get(), e = q.get();
        producer.join();
        out->ok =
            a.str() == "包子1" && b.toInt() == 42 && c.toFloat() == 2.5 && d.toBool() && e.isNone();
        std::snprintf(out->repr, sizeof out->repr, "%s %s %s %s %s", a.repr().c_str(),
                      b.repr().c_str(), c.repr().c_str(), d.repr().c_str(), e.repr().c_str());
    });
    QVERIFY(out->ok);
    QCOMPARE(QString::fromUtf8(out->repr), QStringLiteral("'包子1' 42 2.5 True None"));
}

void QueuesTest::viewerSeesItems() {
    struct Out {
        char items[128];
        long long maxsize;
        int putters;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Queue q(2, "plates");
        q.put("包子1");
        q.put("包子2");
        Process blocked([&] { q.put("包子3"); });
        blocked.start();
        waitUntil([&] { return waiting(q.id(), 1) == 1; });
        const auto v = view(q.id());
        std::string joined;
        for (const auto& item : v.items)
            joined += item + " ";
        std::snprintf(out->items, sizeof out->items, "%s", joined.c_str());
        out->maxsize = v.limit;
        out->putters = static_cast<int>(v.waiters[1].size());
        q.get();
        blocked.join();
    });
    QCOMPARE(QString::fromUtf8(out->items), QStringLiteral("'包子1' '包子2' "));
    QCOMPARE(out->maxsize, 2LL);
    QCOMPARE(out->putters, 1);
}

void QueuesTest::blockedPutterIsServedInTurn() {
    // Queue(1) is full; putters A then B wait. Each get lets exactly the next one in.
    struct Out {
        int got[3];
    };
    SharedBlock<Out> out;
    runLesson([&] {
        Queue q(1);
        q.put(0);
        Process a([&] { q.put(1); });
        a.start();
        waitUntil([&] { return waiting(q.id(), 1) == 1; });
        Process b([&] { q.put(2); });
        b.start();
        waitUntil([&] { return waiting(q.id(), 1) == 2; });
        for (int& g : out->got)
            g = static_cast<int>(q.get().toInt());
        a.join();
        b.join();
    });
    QCOMPARE(out->got[0], 0);
    QCOMPARE(out->got[1], 1);
    QCOMPARE(out->got[2], 2);
}

void QueuesTest::joinWaitsForLastTaskDone() {
    struct Out {
        bool lastDoneBeforeJoinReturned, mainWasBlocked;
        long long unfinishedAtEnd;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        JoinableQueue q;
        Value<int> lastDone(0);
        Process consumer([&] {
            q.get();
            q.task_done();
            q.get();
            // Hold the last task_done until the main process is seen blocked in join.
            out->mainWasBlocked = waitUntil([&] { return waiting(q.id(), 2) == 1; });
            lastDone.set(1);
            q.task_done();
        });
        consumer.daemon = true;
        q.put("a");
        q.put("b");
        consumer.start();
        q.join();
        out->lastDoneBeforeJoinReturned = lastDone.value() == 1;
        out->unfinishedAtEnd = q.unfinished_tasks();
        consumer.join();
    });
    QVERIFY(out->mainWasBlocked);
    QVERIFY(out->lastDoneBeforeJoinReturned);
    QCOMPARE(out->unfinishedAtEnd, 0LL);
}

void QueuesTest::taskDoneTooOften() {
    struct Out {
        bool threw;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        JoinableQueue q;
        q.put(1);
        q.get();
        q.task_done();
        try {
            q.task_done();
        } catch (const ValueError&) {
            out->threw = true;
        }
    });
    QVERIFY(out->threw);
}

void QueuesTest::sentinelPerConsumer() {
    // Producer/consumer with one None per consumer: every item eaten exactly once.
    constexpr int kItems = 200;
    constexpr int kConsumers = 3;
    struct Out {
        std::atomic<int> eaten[kItems];
        std::atomic<int> total;
    };
    SharedBlock<Out> out;
    auto run = runLesson([&] {
        Queue q(5);
        std::vector<Process> consumers;
        for (int c = 0; c < kConsumers; ++c) {
            consumers.emplace_back([&] {
                for (;;) {
                    const Message m = q.get();
                    if (m.isNone())
                        break;
                    out->eaten[m.toInt()].fetch_add(1);
                    out->total.fetch_add(1);
                }
            });
            consumers.back().start();
        }
        Process producer([&] {
            for (int i = 0; i < kItems; ++i)
                q.put(i);
        });
        producer.start();
        producer.join();
        for (int c = 0; c < kConsumers; ++c)
            q.put(nullptr);
        for (auto& p : consumers)
            p.join();
    });
    QCOMPARE(run.result.mainExitCode, 0);
    QCOMPARE(out->total.load(), kItems);
    for (int i = 0; i < kItems; ++i)
        QCOMPARE(out->eaten[i].load(), 1);
}

QTEST_GUILESS_MAIN(QueuesTest)
#include "tst_queues.moc"
