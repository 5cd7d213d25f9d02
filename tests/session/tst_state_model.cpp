// The state model folded from synthetic traces: each process's lesson state, the
// timeline, the log, the report, and the kernel's view laid over it.
#include "engine/session/state_model.h"

#include <QtTest>

#include <cstring>

using namespace proclab;
using session::ProcState;
using trace::Op;
using trace::Phase;

namespace {

trace::TraceRecord rec(uint64_t t, int pid, Op op, Phase phase, int64_t arg = 0,
                       uint32_t object = arena::kNone, uint8_t flags = 0) {
    return trace::TraceRecord{
        t, pid, object, static_cast<uint16_t>(op), static_cast<uint8_t>(phase), flags, 7, 0, arg};
}

// A text record (Say: zh then en; Outcome/Invariant: a name) with its payload.
void addText(std::vector<trace::TraceRecord>& out, trace::TraceRecord head, const std::string& zh,
             const std::string& en) {
    if (head.op == static_cast<uint16_t>(Op::Say))
        head.arg = static_cast<int64_t>((uint64_t{zh.size()} << 32) | en.size());
    else
        head.object = static_cast<uint32_t>(zh.size());
    out.push_back(head);
    const std::string text = zh + en;
    std::vector<trace::TraceRecord> payload(trace::payloadRecords(text.size()));
    std::memcpy(payload.data(), text.data(), text.size());
    out.insert(out.end(), payload.begin(), payload.end());
}

} // namespace

Q_DECLARE_METATYPE(ProcState)

class StateModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lastStateOfAProcess_data();
    void lastStateOfAProcess();
    void timelineAndParentage();
    void logAndReport();
    void kernelViewShowsZombies();
    void ingestsSplitBatches();
};

void StateModelTest::lastStateOfAProcess_data() {
    QTest::addColumn<QList<int>>("ops"); // Op, Phase pairs for pid 100
    QTest::addColumn<ProcState>("expected");
    auto pairs = [](std::initializer_list<std::pair<Op, Phase>> list) {
        QList<int> out;
        for (auto [op, phase] : list)
            out << static_cast<int>(op) << static_cast<int>(phase);
        return out;
    };
    QTest::newRow("started") << pairs({{Op::Start, Phase::End}}) << ProcState::Running;
    QTest::newRow("blocked on a lock")
        << pairs({{Op::Start, Phase::End}, {Op::Acquire, Phase::Blocked}}) << ProcState::Blocked;
    QTest::newRow("lock handed over")
        << pairs(
               {{Op::Start, Phase::End}, {Op::Acquire, Phase::Blocked}, {Op::Acquire, Phase::End}})
        << ProcState::Running;
    QTest::newRow("sleeping") << pairs({{Op::Start, Phase::End}, {Op::Sleep, Phase::Begin}})
                              << ProcState::Sleeping;
    QTest::newRow("woke up") << pairs({{Op::Sleep, Phase::Begin}, {Op::Sleep, Phase::End}})
                             << ProcState::Running;
    QTest::newRow("waiting in join") << pairs({{Op::Join, Phase::Blocked}}) << ProcState::Blocked;
    QTest::newRow("timed out on a queue")
        << pairs({{Op::Get, Phase::Blocked}, {Op::Get, Phase::Fail}}) << ProcState::Running;
    QTest::newRow("exited") << pairs({{Op::Start, Phase::End}, {Op::Exit, Phase::Instant}})
                            << ProcState::Terminated;
}

void StateModelTest::lastStateOfAProcess() {
    QFETCH(QList<int>, ops);
    QFETCH(ProcState, expected);
    std::vector<trace::TraceRecord> records;
    for (int i = 0; i + 1 < ops.size(); i += 2)
        records.push_back(
            rec(100 + i, 100, static_cast<Op>(ops[i]), static_cast<Phase>(ops[i + 1]), 1, 3));
    session::StateModel model;
    model.ingest(records);
    QVERIFY(model.process(100) != nullptr);
    QCOMPARE(model.process(100)->state, expected);
}

void StateModelTest::timelineAndParentage() {
    std::vector<trace::TraceRecord> r = {
        rec(10, 1, Op::Start, Phase::End, 999),        // main starts; its parent is the host
        rec(20, 1, Op::Start, Phase::Instant, 2),      // main starts child 2
        rec(30, 2, Op::Start, Phase::End, 1),          // the child runs
        rec(40, 1, Op::Join, Phase::Blocked, 2),       // main waits
        rec(50, 2, Op::Acquire, Phase::Blocked, 1, 4), // the child blocks on object 4
        rec(60, 2, Op::Acquire, Phase::End, 1, 4),     // ... gets it
        rec(70, 2, Op::Exit, Phase::Instant, 0),       // ... and exits
        rec(80, 1, Op::Join, Phase::End, 2),           // main reaps it
        rec(90, 1, Op::Exit, Phase::Instant, 0),
        rec(95, 999, Op::Reaped, Phase::Instant, (int64_t{1} << 32) | 0, arena::kNone,
            trace::kFlagHost),
    };
    session::StateModel model;
    model.ingest(r);
    model.finish(100);
    const auto* child = model.process(2);
    QVERIFY(child != nullptr);
    QCOMPARE(child->ppid, 1);
    QCOMPARE(child->state, ProcState::Reaped);
    QCOMPARE(child->exitCode.value_or(-1), 0);
    QCOMPARE(model.process(1)->state, ProcState::Reaped);
    std::vector<std::pair<ProcState, uint64_t>> childTimeline;
    for (const auto& interval : model.timeline())
        if (interval.pid == 2)
            childTimeline.emplace_back(interval.state, interval.beginNs);
    const std::vector<std::pair<ProcState, uint64_t>> expected = {
        {ProcState::New, 20},     {ProcState::Running, 30},    {ProcState::Blocked, 50},
        {ProcState::Running, 60}, {ProcState::Terminated, 70}, {ProcState::Reaped, 80}};
    QCOMPARE(childTimeline, expected);
    for (const auto& interval : model.timeline())
        QVERIFY(interval.endNs >= interval.beginNs);
}

void StateModelTest::logAndReport() {
    std::vector<trace::TraceRecord> r;
    addText(r, rec(1, 5, Op::Say, Phase::Instant), "user1 占到一间ktv小屋", "user1 got a KTV room");
    addText(r, rec(2, 5, Op::Outcome, Phase::Instant, 4), "max_inside", "");
    addText(r, rec(3, 5, Op::Invariant, Phase::Instant, 3), "never_more_than_rooms", "");
    addText(r, rec(4, 5, Op::Invariant, Phase::Instant, 0), "shown_breaking", "");
    session::StateModel model;
    model.ingest(r);
    QCOMPARE(int(model.log().size()), 1);
    QCOMPARE(QString::fromStdString(model.log()[0].zh), QStringLiteral("user1 占到一间ktv小屋"));
    QCOMPARE(QString::fromStdString(model.log()[0].en), QStringLiteral("user1 got a KTV room"));
    QCOMPARE(model.outcomes().at("max_inside"), 4);
    QCOMPARE(int(model.invariants().size()), 2);
    QVERIFY(model.invariants()[0].held && model.invariants()[0].mustHold);
    QVERIFY(!model.invariants()[1].held && !model.invariants()[1].mustHold);
    QCOMPARE(model.counters().records, uint64_t{4});
}

void StateModelTest::kernelViewShowsZombies() {
    session::StateModel model;
    const std::vector<trace::TraceRecord> r = {rec(1, 7, Op::Start, Phase::End, 6),
                                               rec(2, 7, Op::Exit, Phase::Instant, 0)};
    model.ingest(r);
    model.setKernelState(7, 'S', 6);
    model.setKernelState(7, 'Z', 6);
    QCOMPARE(model.process(7)->state, ProcState::Zombie);
    model.setKernelState(7, 'Z', 1); // its parent died: adopted
    QCOMPARE(model.process(7)->kernelPpid, 1);
    QCOMPARE(QString::fromStdString(model.process(7)->kernelStatesSeen), QStringLiteral("SZ"));
}

void StateModelTest::ingestsSplitBatches() {
    // The same trace in one batch or record by record gives the same model.
    std::vector<trace::TraceRecord> r;
    r.push_back(rec(1, 3, Op::Start, Phase::End, 1));
    addText(r, rec(2, 3, Op::Say, Phase::Instant), "你好", "hello");
    r.push_back(rec(3, 3, Op::Exit, Phase::Instant, 0));
    session::StateModel whole;
    whole.ingest(r);
    session::StateModel pieces;
    pieces.ingest(std::span(r).first(1));
    pieces.ingest(std::span(r).subspan(1, r.size() - 2)); // a text record stays with its payload
    pieces.ingest(std::span(r).last(1));
    QCOMPARE(pieces.log().size(), whole.log().size());
    QCOMPARE(pieces.process(3)->state, whole.process(3)->state);
    // A batch that ends between a text record and its payload: the line waits for the
    // rest and arrives whole.
    session::StateModel cut;
    cut.ingest(std::span(r).first(2));
    QCOMPARE(int(cut.log().size()), 0);
    cut.ingest(std::span(r).subspan(2));
    QCOMPARE(int(cut.log().size()), 1);
    QCOMPARE(QString::fromStdString(cut.log()[0].en), QStringLiteral("hello"));
    QCOMPARE(cut.process(3)->state, session::ProcState::Terminated);
}

QTEST_GUILESS_MAIN(StateModelTest)
#include "tst_state_model.moc"
