// The arena's layout and allocation: header fields, read-only attach, slot reuse,
// object and data exhaustion, file interning.
#include "engine/arena/arena.h"
#include "engine/session/object_view.h"

#include <QtTest>

#include <stdexcept>

using namespace proclab;
using namespace proclab::arena;

class ArenaTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headerDescribesLayout_data();
    void headerDescribesLayout();
    void ringCapacityMustBeAPowerOfTwo();
    void viewerAttachesReadOnly();
    void objectsRunOutCleanly();
    void procSlotsAreReusedOnlyWhenDrained();
    void dataRunsOutCleanly();
    void filesAreInterned();
};

void ArenaTest::headerDescribesLayout_data() {
    QTest::addColumn<uint32_t>("procs");
    QTest::addColumn<uint32_t>("ring");
    QTest::newRow("small") << 4u << 64u;
    QTest::newRow("default") << 2048u << 4096u;
}

void ArenaTest::headerDescribesLayout() {
    QFETCH(uint32_t, procs);
    QFETCH(uint32_t, ring);
    ArenaConfig config;
    config.maxProcs = procs;
    config.ringCapacity = ring;
    Arena arena = Arena::create(config);
    const ArenaHeader& h = arena.header();
    QCOMPARE(h.magic, kMagic);
    QCOMPARE(h.version, kLayoutVersion);
    QCOMPARE(h.maxProcs, procs);
    QCOMPARE(h.ringCapacity, ring);
    QCOMPARE(h.recordBytes, 32u);
    QVERIFY(h.procTableOffset % 4096 == 0 && h.objectTableOffset % 4096 == 0);
    QVERIFY(h.ringsOffset >= h.fileTableOffset);
    QVERIFY(h.dataOffset + h.dataBytes <= h.totalBytes);
    QCOMPARE(h.hostPid, ::getpid());
    QCOMPARE(arena.proc(kHostSlot).pid.load(), ::getpid());
}

void ArenaTest::ringCapacityMustBeAPowerOfTwo() {
    ArenaConfig config;
    config.ringCapacity = 100;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Arena::create(config));
}

void ArenaTest::viewerAttachesReadOnly() {
    ArenaConfig config;
    config.maxProcs = 8;
    Arena arena = Arena::create(config);
    const uint32_t id = arena.allocObject(ObjectKind::Semaphore, "ktv", kMainSlot);
    arena.object(id).count.store(4);
    Arena viewer = Arena::attach(arena.fd(), false);
    session::ObjectView v;
    QVERIFY(session::readObject(viewer, id, v));
    QCOMPARE(v.kind, ObjectKind::Semaphore);
    QCOMPARE(QString::fromStdString(v.name), QStringLiteral("ktv"));
    QCOMPARE(v.count, 4LL);
    QVERIFY(!session::readObject(viewer, id + 1, v));
}

void ArenaTest::objectsRunOutCleanly() {
    ArenaConfig config;
    config.maxObjects = 3;
    config.maxProcs = 4;
    Arena arena = Arena::create(config);
    for (int i = 0; i < 3; ++i)
        QVERIFY(arena.allocObject(ObjectKind::Lock, "l", kMainSlot) != kNone);
    QCOMPARE(arena.allocObject(ObjectKind::Lock, "l", kMainSlot), kNone);
    QCOMPARE(arena.objectCount(), 3u);
}

void ArenaTest::procSlotsAreReusedOnlyWhenDrained() {
    ArenaConfig config;
    config.maxProcs = 3; // host, and two
    Arena arena = Arena::create(config);
    const uint32_t a = arena.allocProc();
    const uint32_t b = arena.allocProc();
    QVERIFY(a != kNone && b != kNone && a != b);
    QCOMPARE(arena.allocProc(), kNone);
    arena.proc(a).state.store(static_cast<uint32_t>(SlotState::Exited));
    QCOMPARE(arena.allocProc(), kNone);
    arena.proc(a).state.store(static_cast<uint32_t>(SlotState::Drained));
    const uint32_t generation = arena.proc(a).generation.load();
    QCOMPARE(arena.allocProc(), a);
    QCOMPARE(arena.proc(a).generation.load(), generation + 1);
}

void ArenaTest::dataRunsOutCleanly() {
    ArenaConfig config;
    config.maxProcs = 4;
    config.dataBytes = 4096;
    Arena arena = Arena::create(config);
    QVERIFY(arena.allocData(1000) != Arena::kNoData);
    QVERIFY(arena.allocData(1000) != Arena::kNoData);
    QCOMPARE(arena.allocData(1u << 20), Arena::kNoData);
}

void ArenaTest::filesAreInterned() {
    ArenaConfig config;
    config.maxProcs = 4;
    Arena arena = Arena::create(config);
    const uint16_t a = arena.internFile("scenarios/tickets/tickets.cpp");
    const uint16_t b = arena.internFile("scenarios/ktv/ktv.cpp");
    QCOMPARE(arena.internFile("scenarios/tickets/tickets.cpp"), a);
    QVERIFY(a != b);
    QCOMPARE(QString::fromStdString(std::string(arena.fileName(b))),
             QStringLiteral("scenarios/ktv/ktv.cpp"));
}

QTEST_GUILESS_MAIN(ArenaTest)
#include "tst_arena.moc"
