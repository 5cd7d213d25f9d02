// Real mode: CPU-bound children pinned to one CPU, driven by SIGSTOP/SIGCONT. Checks that hold
// however loaded the machine is: each child gets its CPU (from schedstat), the measured run
// makes the same decisions as the simulation when only CPU use drives them, the shares agree,
// and no process is left behind, also when the command is interrupted.
#include "sched_test_support.h"

#include "engine/sched/real/real_run.h"

#include <QDir>
#include <QProcess>

#include <signal.h>
#include <unistd.h>

using namespace proclab::sched;
using namespace proclab::sched::test;

namespace {

// Pids whose parent is `parent`, from /proc/<pid>/stat.
std::vector<pid_t> childrenOf(pid_t parent) {
    std::vector<pid_t> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString& entry : entries) {
        bool numeric = false;
        const pid_t pid = entry.toInt(&numeric);
        if (!numeric)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields[1].toInt() == parent)
            children.push_back(pid);
    }
    return children;
}

bool alive(pid_t pid) {
    return QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

std::vector<JobId> jobSequence(const Result& simulated) {
    std::vector<JobId> sequence;
    for (const Segment& segment : simulated.schedule)
        if (segment.kind == SegmentKind::Run)
            sequence.push_back(segment.job);
    return sequence;
}

} // namespace

class RealMode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundRobinMatchesTheSimulation();
    void ioBurstsAreEnforced();
    void mlfqWithIoAndBoostCompletes();
    void limitsAreChecked();
    void interruptedRunLeavesNoProcess_data();
    void interruptedRunLeavesNoProcess();
    void unpinnedFallbackIsReported();
};

void RealMode::roundRobinMatchesTheSimulation() {
    const Workload workload = jobsFrom("A:0:6,B:0:4,C:0:8,D:0:6");
    Settings settings;
    settings.policy = PolicyKind::RoundRobin;
    settings.quantum = 2;
    real::RealOptions options;
    options.unitMs = 5;
    const real::RealReport report = real::runReal(workload, settings, options);

    QVERIFY2(report.cpu || !report.pinningProblem.empty(), "pinned, or says why not");
    for (JobId job = 0; job < workload.jobs.size(); ++job) {
        const double expectedNs = static_cast<double>(workload.jobs[job].length) * 5e6;
        const auto measured = static_cast<double>(report.cpuNs[job]);
        // The child stops itself when its own clock reaches its length.
        QVERIFY2(measured >= expectedNs * 0.99 && measured <= expectedNs * 1.15 + 3e6,
                 qPrintable(QStringLiteral("job %1: %2 ns").arg(job).arg(measured)));
    }
    // With all jobs at 0 and no I/O, only CPU received drives the decisions: same order.
    std::vector<JobId> measured;
    for (const real::RunStretch& run : report.runs)
        if (measured.empty() || measured.back() != run.job)
            measured.push_back(run.job);
    QCOMPARE(measured, jobSequence(report.simulated));
    for (const real::JobComparison& row : real::compareToSimulation(report))
        QVERIFY2(
            row.shareDeviation() < 0.10,
            qPrintable(
                QStringLiteral("share %1 vs %2").arg(row.measuredShare).arg(row.simulatedShare)));
    QVERIFY(childrenOf(getpid()).empty());
}

void RealMode::ioBurstsAreEnforced() {
    // A computes 2, is stopped for 3 ticks of I/O, computes 2; B fills the gap.
    const Workload workload = jobsFrom("A:0:4:0:2:3,B:0:3");
    Settings settings;
    settings.policy = PolicyKind::Fcfs;
    real::RealOptions options;
    options.unitMs = 5;
    const real::RealReport report = real::runReal(workload, settings, options);
    QCOMPARE(report.measured.io.size(), std::size_t{1});
    QVERIFY(report.cpuNs[0] >= 19'000'000 && report.cpuNs[0] <= 26'000'000);
    std::vector<JobId> measured;
    for (const real::RunStretch& run : report.runs)
        measured.push_back(run.job);
    QCOMPARE(measured, (std::vector<JobId>{0, 1, 0}));
    QVERIFY(childrenOf(getpid()).empty());
}

void RealMode::mlfqWithIoAndBoostCompletes() {
    // Many stops at once: bursts ending as quanta expire, I/O completions jumping the queue,
    // boosts. Every job must get all its CPU, and the run must end (a lost stop would hang it).
    QProcess process;
    process.start(QStringLiteral(PROCLAB_BINARY),
                  {QStringLiteral("sched"), QStringLiteral("--real"), QStringLiteral("--unit-ms"),
                   QStringLiteral("2"), QStringLiteral("--policy"), QStringLiteral("mlfq"),
                   QStringLiteral("--quanta"), QStringLiteral("1,2"), QStringLiteral("--boost"),
                   QStringLiteral("7"), QStringLiteral("--io-front"), QStringLiteral("--jobs"),
                   QStringLiteral("A:0:10:0:1:1,B:0:8:0:2:1,C:1:6:0:1:2,D:0:5"),
                   QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    for (int row = 1; row < lines.size(); ++row) {
        const QList<QByteArray> cells = lines[row].split(',');
        const double expected = cells[11].toDouble();
        const double measured = cells[12].toDouble();
        QVERIFY2(measured >= expected * 0.99 && measured <= expected * 1.2 + 3,
                 lines[row].constData());
    }
}

void RealMode::limitsAreChecked() {
    Settings settings;
    real::RealOptions options;
    options.unitMs = 0;
    QCOMPARE(QByteArray::fromStdString(
                 real::validateReal(jobsFrom("A:0:2"), settings, options).at(0).message),
             QByteArray("settings: unit-ms must be from 1 to 1000, got 0"));
    options.unitMs = 1000;
    QVERIFY(!real::validateReal(jobsFrom("A:0:700"), settings, options).empty());
    QVERIFY_THROWS_EXCEPTION(InvalidInput, real::runReal(jobsFrom("A:0:700"), settings, options));
}

void RealMode::interruptedRunLeavesNoProcess_data() {
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void RealMode::interruptedRunLeavesNoProcess() {
    QFETCH(int, signal);
    QProcess process;
    process.start(QStringLiteral(PROCLAB_BINARY),
                  {QStringLiteral("sched"), QStringLiteral("--real"), QStringLiteral("--policy"),
                   QStringLiteral("rr"), QStringLiteral("--jobs"),
                   QStringLiteral("A:0:500,B:0:500,C:0:500")});
    QVERIFY(process.waitForStarted());
    const auto supervisor = static_cast<pid_t>(process.processId());
    std::vector<pid_t> children;
    for (int attempt = 0; attempt < 1000 && children.size() < 3; ++attempt) {
        QTest::qWait(20);
        children = childrenOf(supervisor);
    }
    QCOMPARE(children.size(), std::size_t{3});
    ::kill(supervisor, signal);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit); // it dies of the signal, after cleanup
    QVERIFY(process.readAllStandardError().contains("every child was killed and reaped"));
    for (pid_t child : children)
        QVERIFY2(!alive(child), qPrintable(QStringLiteral("child %1 left behind").arg(child)));
}

void RealMode::unpinnedFallbackIsReported() {
    QProcess process;
    process.start(QStringLiteral(PROCLAB_BINARY),
                  {QStringLiteral("sched"), QStringLiteral("--real"), QStringLiteral("--cpu"),
                   QStringLiteral("1023"), QStringLiteral("--unit-ms"), QStringLiteral("2"),
                   QStringLiteral("--policy"), QStringLiteral("fcfs"), QStringLiteral("--jobs"),
                   QStringLiteral("A:0:2,B:0:2"), QStringLiteral("--format"),
                   QStringLiteral("json")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray error = process.readAllStandardError();
    QVERIFY2(error.contains(
                 "cannot pin to CPU 1023 (sched_setaffinity: Invalid argument); running unpinned"),
             error.constData());
    QVERIFY(
        process.readAllStandardOutput().contains("\"pinning_problem\": \"cannot pin to CPU 1023"));
}

QTEST_GUILESS_MAIN(RealMode)
#include "test_sched_real.moc"
