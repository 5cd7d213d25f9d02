// A run driven from the viewer's side, as the window drives it: manual grants in
// step mode, switching modes while the lesson runs, pausing, and the /proc sampler.
#include "engine/session/session.h"

#include <QtTest>

using namespace proclab;

namespace {

session::EngineLaunch launch(const std::string& mode, const std::string& policy) {
    session::EngineLaunch l;
    l.enginePath = PROCLAB_ENGINE_BIN;
    l.lesson = "tickets";
    l.settings = {"delay_scale=0.01"};
    l.mode = mode;
    l.policy = policy;
    l.language = "en";
    l.timeoutSeconds = 60;
    return l;
}

// Pumps until `condition` holds (or the run ends / 20 s pass).
template <class F> bool pumpUntil(session::Session& s, F condition) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (!s.pump(20) || timer.elapsed() > 20'000)
            return condition();
    }
    return true;
}

bool anyReady(const session::Session& s) {
    for (const auto& p : s.model().snapshot().processes)
        if (p.state == session::ProcState::Ready)
            return true;
    return false;
}

} // namespace

class SessionTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void manualGrantsMoveOneProcess();
    void switchingModesMidRun_data();
    void switchingModesMidRun();
    void pauseHoldsEveryone();
    void samplerSeesTheKernelsView();
    void samplerSeesARealZombieAndTheOrphansNewParent();
};

void SessionTest::manualGrantsMoveOneProcess() {
    session::Session s;
    QCOMPARE(QString::fromStdString(s.start(launch("step", "manual"))), QString());
    // Nobody moves until granted: the main process waits at its first step point.
    QVERIFY(pumpUntil(s, [&] { return anyReady(s); }));
    const uint64_t before = s.model().counters().records;
    for (int i = 0; i < 10; ++i)
        s.pump(10);
    QCOMPARE(s.model().counters().records, before);
    // Each grant lets exactly one process take one step.
    QVERIFY(s.engine().grant("main"));
    QVERIFY(pumpUntil(s, [&] { return s.model().counters().records > before; }));
    QVERIFY(pumpUntil(s, [&] { return anyReady(s); }));
    const auto snapshot = s.model().snapshot();
    QCOMPARE(snapshot.processes.size(), std::size_t{1});
    QCOMPARE(snapshot.processes[0].state, session::ProcState::Ready);
    QVERIFY(s.engine().grant("7")); // sent; the engine ignores a process that is not there
    for (int i = 0; i < 10; ++i)
        s.pump(10);
    QCOMPARE(s.model().snapshot().processes[0].state, session::ProcState::Ready);
    s.engine().stop();
    while (s.pump(50)) {
    }
    QVERIFY(s.end().ended);
    QVERIFY(s.end().body.stopped);
}

void SessionTest::switchingModesMidRun_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<int>("to");
    QTest::newRow("step -> free") << QStringLiteral("step") << int(arena::GateMode::Free);
    QTest::newRow("step -> paced") << QStringLiteral("step") << int(arena::GateMode::Paced);
    QTest::newRow("free -> step") << QStringLiteral("free") << int(arena::GateMode::Step);
}

void SessionTest::switchingModesMidRun() {
    QFETCH(QString, from);
    QFETCH(int, to);
    session::Session s;
    auto l = launch(from.toStdString(), from == QStringLiteral("step") ? "manual" : "rr");
    l.settings = {"delay_scale=0.2", "buyers=3"};
    QCOMPARE(QString::fromStdString(s.start(l)), QString());
    QVERIFY(pumpUntil(s, [&] {
        return s.engine().arena() != nullptr && !s.model().snapshot().processes.empty();
    }));
    QVERIFY(s.engine().setGate(static_cast<arena::GateMode>(to), 1'000'000));
    if (to == int(arena::GateMode::Step)) {
        // From free to step (round-robin is the engine's policy here): the run still
        // ends, every step granted by the host.
    }
    while (s.pump(50)) {
    }
    QVERIFY(s.end().ended);
    QVERIFY(!s.end().body.timedOut);
    QCOMPARE(s.end().body.mainExitCode, 0);
    QCOMPARE(s.model().outcomes().at("initial"), 1);
}

void SessionTest::pauseHoldsEveryone() {
    session::Session s;
    auto l = launch("free", "rr");
    l.settings = {"delay_scale=0.3", "buyers=4"};
    QCOMPARE(QString::fromStdString(s.start(l)), QString());
    QVERIFY(pumpUntil(s, [&] { return s.engine().arena() != nullptr; }));
    QVERIFY(s.engine().setPaused(true));
    // Paused: within a while every live process is parked at a step point.
    QVERIFY(pumpUntil(s, [&] {
        const auto snap = s.model().snapshot();
        return !snap.processes.empty() &&
               std::all_of(snap.processes.begin(), snap.processes.end(), [](const auto& p) {
                   return p.state == session::ProcState::Ready ||
                          p.state == session::ProcState::Blocked ||
                          p.state == session::ProcState::Reaped ||
                          p.state == session::ProcState::Terminated;
               });
    }));
    QVERIFY(s.engine().setPaused(false));
    while (s.pump(50)) {
    }
    QVERIFY(s.end().ended);
    QCOMPARE(s.end().body.mainExitCode, 0);
}

void SessionTest::samplerSeesTheKernelsView() {
    session::Session s;
    auto l = launch("free", "rr");
    l.settings = {"delay_scale=0.5"}; // every process lives for more than one sample
    QCOMPARE(QString::fromStdString(s.start(l)), QString());
    while (s.pump(20)) {
    }
    // Every process was seen by the kernel, and in the end every one is gone.
    QVERIFY(!s.model().processes().empty());
    for (const auto& p : s.model().processes()) {
        QVERIFY2(!p.kernelStatesSeen.empty(), p.name.c_str());
        QCOMPARE(p.kernelState, 'X');
    }
    char state = '?';
    int ppid = 0;
    QVERIFY(session::ProcSampler::read(::getpid(), state, ppid));
    QCOMPARE(ppid, ::getppid());
}

void SessionTest::samplerSeesARealZombieAndTheOrphansNewParent() {
    // The zombie lesson keeps a finished child unwaited for a while: the kernel shows
    // it as Z, and so does the model.
    {
        session::Session s;
        auto l = launch("free", "rr");
        l.lesson = "zombie";
        l.settings = {"children=3"};
        QCOMPARE(QString::fromStdString(s.start(l)), QString());
        while (s.pump(20)) {
        }
        QVERIFY(s.end().ended);
        bool zombie = false;
        for (const auto& p : s.model().processes())
            zombie = zombie || (p.kernelStatesSeen.find('Z') != std::string::npos &&
                                (p.statesSeen & (1u << int(session::ProcState::Zombie))) != 0);
        QVERIFY(zombie);
    }
    // The orphan's parent exits first: the kernel re-parents it to the engine, the
    // subreaper standing in for init.
    {
        session::Session s;
        auto l = launch("free", "rr");
        l.lesson = "orphan";
        l.settings = {};
        QCOMPARE(QString::fromStdString(s.start(l)), QString());
        const int engine = s.engine().pid();
        bool adopted = false;
        while (s.pump(20))
            for (const auto& p : s.model().processes())
                adopted = adopted || (p.kernelPpid == engine && p.ppid != engine && p.ppid != 0);
        QVERIFY(s.end().ended);
        QVERIFY(adopted);
    }
}

QTEST_GUILESS_MAIN(SessionTest)
#include "tst_session.moc"
