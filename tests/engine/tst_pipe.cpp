// Pipe: messages through a real socketpair, EOF only once every copy of the other
// end is closed, one-way pipes, and the viewer's picture of ends and messages.
#include "engine/mp/mp.h"
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <system_error>

using namespace proclab;
using namespace proclab::mp;
using proclab::testing::runLesson;
using proclab::testing::SharedBlock;
using proclab::testing::view;

class PipeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messagesThenEof();
    void noEofWhileACopyIsOpen();
    void oneWayPipe();
    void viewerSeesEndsAndMessages();
};

void PipeTest::messagesThenEof() {
    struct Out {
        int first;
        bool sentinel, eof;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        auto [left, right] = Pipe();
        Process child([&] {
            left.close(); // the child only writes
            right.send(1);
            right.send(nullptr);
            right.close();
        });
        child.start();
        right.close(); // the parent only reads: close our copy, or EOF never comes
        out->first = static_cast<int>(left.recv().toInt());
        out->sentinel = left.recv().isNone();
        try {
            left.recv();
        } catch (const EOFError&) {
            out->eof = true;
        }
        child.join();
    });
    QCOMPARE(out->first, 1);
    QVERIFY(out->sentinel);
    QVERIFY(out->eof);
}

void PipeTest::noEofWhileACopyIsOpen() {
    struct Out {
        bool readyWhileOpen, readyAfterClose, eof;
    };
    SharedBlock<Out> out;
    runLesson([&] {
        auto [left, right] = Pipe();
        Process child([&] { right.close(); });
        child.start();
        child.join();
        // The child closed its copy, but ours is still open: no EOF, recv would hang.
        out->readyWhileOpen = left.poll(0.05);
        right.close();
        out->readyAfterClose = left.poll(1);
        try {
            left.recv();
        } catch (const EOFError&) {
            out->eof = true;
        }
    });
    QVERIFY(!out->readyWhileOpen);
    QVERIFY(out->readyAfterClose);
    QVERIFY(out->eof);
}

void PipeTest::oneWayPipe() {
    struct Out {
        bool readerCannotSend, writerCannotRecv;
        char got[16];
    };
    SharedBlock<Out> out;
    runLesson([&] {
        auto [reader, writer] = Pipe(false);
        try {
            reader.send(1);
        } catch (const std::system_error&) {
            out->readerCannotSend = true;
        }
        try {
            writer.recv();
        } catch (const std::system_error&) {
            out->writerCannotRecv = true;
        }
        Process child([&] { writer.send("hello"); });
        child.start();
        std::snprintf(out->got, sizeof out->got, "%s", reader.recv().str().c_str());
        child.join();
    });
    QVERIFY(out->readerCannotSend);
    QVERIFY(out->writerCannotRecv);
    QCOMPARE(QString::fromUtf8(out->got), QStringLiteral("hello"));
}

void PipeTest::viewerSeesEndsAndMessages() {
    struct Out {
        unsigned endsBefore[2], endsInChildren[2], endsAfter[2];
        char inFlight[64];
    };
    SharedBlock<Out> out;
    runLesson([&] {
        auto [a, b] = Pipe(true, "tube");
        auto v = view(a.id());
        out->endsBefore[0] = v.openEnds[0];
        out->endsBefore[1] = v.openEnds[1];
        Event sent, done;
        Process child([&] {
            b.send("包子");
            b.send(7);
            sent.set();
            done.wait();
        });
        child.start();
        sent.wait();
        v = view(a.id());
        out->endsInChildren[0] = v.openEnds[0];
        out->endsInChildren[1] = v.openEnds[1];
        std::string flight;
        for (const auto& m : v.inFlight[1])
            flight += m + " ";
        std::snprintf(out->inFlight, sizeof out->inFlight, "%s", flight.c_str());
        done.set();
        child.join();
        v = view(a.id());
        out->endsAfter[0] = v.openEnds[0];
        out->endsAfter[1] = v.openEnds[1];
    });
    QCOMPARE(out->endsBefore[0], 1u);
    QCOMPARE(out->endsBefore[1], 1u);
    QCOMPARE(out->endsInChildren[0], 2u); // main and child both hold both ends
    QCOMPARE(out->endsInChildren[1], 2u);
    QCOMPARE(out->endsAfter[0], 1u);
    QCOMPARE(out->endsAfter[1], 1u);
    QCOMPARE(QString::fromUtf8(out->inFlight), QStringLiteral("'包子' 7 "));
}

QTEST_GUILESS_MAIN(PipeTest)
#include "tst_pipe.moc"
