// `proclab run` as teachers script it: the JSON contract, exit codes, bad input,
// recorded grants that replay exactly, and nothing left behind after Ctrl-C or
// SIGKILL of the command.
#include <QtTest>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <signal.h>

#include <fstream>
#include <map>

namespace {

const QString kProclab = QStringLiteral(PROCLAB_BIN);

struct Result {
    int exitCode;
    QByteArray out;
    QByteArray err;
};

Result proclab(const QStringList& args, int timeoutMs = 120'000) {
    QProcess p;
    p.start(kProclab, args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// The operations of a run from its --trace file, independent of pids and times.
QStringList operations(const QString& traceFile) {
    QFile file(traceFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    std::map<qint64, int> names;
    auto nameOf = [&](qint64 pid) { return names.emplace(pid, int(names.size())).first->second; };
    QStringList ops;
    QList<QJsonObject> records;
    while (!file.atEnd())
        records << QJsonDocument::fromJson(file.readLine()).object();
    for (const auto& r : records)
        nameOf(r.value(QStringLiteral("pid")).toInteger());
    for (const auto& r : records) {
        if (r.value(QStringLiteral("by_host")).toBool())
            continue; // the host reaps on its own time
        const qint64 arg = r.value(QStringLiteral("arg")).toInteger();
        const QString argText =
            names.count(arg) ? QStringLiteral("P%1").arg(names[arg]) : QString::number(arg);
        ops << QStringLiteral("P%1 %2 %3 %4 %5:%6 %7")
                   .arg(nameOf(r.value(QStringLiteral("pid")).toInteger()))
                   .arg(r.value(QStringLiteral("op")).toString(),
                        r.value(QStringLiteral("phase")).toString(), argText,
                        r.value(QStringLiteral("file")).toString())
                   .arg(r.value(QStringLiteral("line")).toInt())
                   .arg(r.value(QStringLiteral("en")).toString());
    }
    return ops;
}

QList<int> descendants(int root) {
    QList<int> found{root};
    bool grew = true;
    while (grew) {
        grew = false;
        const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
        for (const QString& entry : entries) {
            bool ok = false;
            const int pid = entry.toInt(&ok);
            if (!ok || found.contains(pid))
                continue;
            std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
            std::string line;
            std::getline(stat, line);
            const auto close = line.rfind(')');
            if (close == std::string::npos)
                continue;
            const int ppid = std::atoi(line.c_str() + close + 4);
            if (found.contains(ppid)) {
                found << pid;
                grew = true;
            }
        }
    }
    return found;
}

bool alive(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return false;
    const auto close = line.rfind(')');
    return close != std::string::npos && line[close + 2] != 'Z';
}

} // namespace

class RunCliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badInput_data();
    void badInput();
    void jsonContract();
    void lessonList();
    void recordedRunReplaysExactly();
    void roundRobinIsTheSameEveryTime();
    void repeatShowsHowOftenTheRaceHappens();
    void signalsLeaveNothingBehind_data();
    void signalsLeaveNothingBehind();

private:
    QTemporaryDir dir_;
};

void RunCliTest::badInput_data() {
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown lesson")
        << QStringLiteral("run nope") << QStringLiteral("unknown lesson");
    QTest::newRow("unknown parameter")
        << QStringLiteral("run tickets --set bogus=1") << QStringLiteral("bogus");
    QTest::newRow("out of range") << QStringLiteral("run tickets --set buyers=201")
                                  << QStringLiteral("1 to 200");
    QTest::newRow("not a number") << QStringLiteral("run tickets --set tickets=lots")
                                  << QStringLiteral("tickets");
    QTest::newRow("bad setting") << QStringLiteral("run tickets --set buyers")
                                 << QStringLiteral("name=value");
    QTest::newRow("timeout 0") << QStringLiteral("run tickets --timeout 0")
                               << QStringLiteral("--timeout");
    QTest::newRow("unknown mode") << QStringLiteral("run tickets --mode warp")
                                  << QStringLiteral("mode");
    QTest::newRow("missing grants file")
        << QStringLiteral("run tickets --mode step --grants /nonexistent/g.txt")
        << QStringLiteral("grants");
    QTest::newRow("grants without step")
        << QStringLiteral("run tickets --grants /etc/hostname") << QStringLiteral("--mode step");
    QTest::newRow("unwritable trace")
        << QStringLiteral("run tickets --trace /proc/none/t.jsonl") << QStringLiteral("trace");
    QTest::newRow("repeat 0") << QStringLiteral("run tickets --repeat 0")
                              << QStringLiteral("repeat");
    QTest::newRow("no lesson") << QStringLiteral("run") << QStringLiteral("lesson");
}

void RunCliTest::badInput() {
    QFETCH(QString, args);
    QFETCH(QString, says);
    const Result r = proclab(args.split(QLatin1Char(' ')));
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err)); // one line
    QVERIFY2(err.contains(says), qPrintable(err));
}

void RunCliTest::jsonContract() {
    const Result r =
        proclab({QStringLiteral("run"), QStringLiteral("tickets"), QStringLiteral("--mode"),
                 QStringLiteral("step"), QStringLiteral("--set"), QStringLiteral("delay_scale=0"),
                 QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    for (const char* key : {"lesson", "params", "mode", "seed", "outcome", "invariants",
                            "processes", "steps", "wall_ms"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    QCOMPARE(o.value(QStringLiteral("lesson")).toString(), QStringLiteral("tickets"));
    QCOMPARE(o.value(QStringLiteral("outcome")).toObject().value(QStringLiteral("sold")).toInt(),
             3);
    QVERIFY(o.value(QStringLiteral("steps")).toInt() > 10);
    const QJsonArray processes = o.value(QStringLiteral("processes")).toArray();
    QCOMPARE(processes.size(), 4);
    for (const auto& p : processes) {
        const QJsonObject proc = p.toObject();
        for (const char* key :
             {"pid", "ppid", "name", "exit_code", "states_seen", "kernel_states_seen"})
            QVERIFY2(proc.contains(QLatin1String(key)), key);
    }
    const QJsonArray invariants = o.value(QStringLiteral("invariants")).toArray();
    QVERIFY(!invariants.isEmpty());
    QVERIFY(invariants[0].toObject().contains(QStringLiteral("held")));
}

void RunCliTest::lessonList() {
    const Result r =
        proclab({QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray lessons = QJsonDocument::fromJson(r.out).array();
    QVERIFY(!lessons.isEmpty());
    bool tickets = false;
    for (const auto& l : lessons)
        tickets = tickets ||
                  l.toObject().value(QStringLiteral("id")).toString() == QStringLiteral("tickets");
    QVERIFY(tickets);
}

void RunCliTest::recordedRunReplaysExactly() {
    const QString grants = dir_.filePath(QStringLiteral("grants.txt"));
    const QString original = dir_.filePath(QStringLiteral("original.jsonl"));
    const QStringList common = {QStringLiteral("run"),      QStringLiteral("tickets"),
                                QStringLiteral("--mode"),   QStringLiteral("step"),
                                QStringLiteral("--set"),    QStringLiteral("delay_scale=0"),
                                QStringLiteral("--set"),    QStringLiteral("lock=true"),
                                QStringLiteral("--format"), QStringLiteral("json")};
    QCOMPARE(proclab(common + QStringList{QStringLiteral("--policy"), QStringLiteral("random"),
                                          QStringLiteral("--seed"), QStringLiteral("11"),
                                          QStringLiteral("--record"), grants,
                                          QStringLiteral("--trace"), original})
                 .exitCode,
             0);
    const QStringList expected = operations(original);
    QVERIFY(expected.size() > 30);
    for (int i = 0; i < 100; ++i) {
        const QString replay = dir_.filePath(QStringLiteral("replay.jsonl"));
        QCOMPARE(proclab(common + QStringList{QStringLiteral("--grants"), grants,
                                              QStringLiteral("--trace"), replay})
                     .exitCode,
                 0);
        QCOMPARE(operations(replay), expected);
    }
}

void RunCliTest::roundRobinIsTheSameEveryTime() {
    QStringList first;
    for (int i = 0; i < 5; ++i) {
        const QString trace = dir_.filePath(QStringLiteral("rr%1.jsonl").arg(i));
        QCOMPARE(proclab({QStringLiteral("run"), QStringLiteral("tickets"),
                          QStringLiteral("--mode"), QStringLiteral("step"), QStringLiteral("--set"),
                          QStringLiteral("buyers=5"), QStringLiteral("--trace"), trace,
                          QStringLiteral("--format"), QStringLiteral("json")})
                     .exitCode,
                 0);
        if (i == 0)
            first = operations(trace);
        else
            QCOMPARE(operations(trace), first);
    }
}

void RunCliTest::repeatShowsHowOftenTheRaceHappens() {
    const Result r =
        proclab({QStringLiteral("run"), QStringLiteral("tickets"), QStringLiteral("--repeat"),
                 QStringLiteral("20"), QStringLiteral("--set"), QStringLiteral("delay_scale=1"),
                 QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0); // without a lock no invariant must hold
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("repeat")).toInt(), 20);
    const QJsonObject sold =
        o.value(QStringLiteral("distribution")).toObject().value(QStringLiteral("sold")).toObject();
    int total = 0;
    for (const auto& count : sold)
        total += count.toInt();
    QCOMPARE(total, 20);
    QVERIFY2(sold.value(QStringLiteral("3")).toInt() >= 15,
             r.out.constData()); // the race, most of the time
}

void RunCliTest::signalsLeaveNothingBehind_data() {
    QTest::addColumn<int>("signal");
    QTest::newRow("Ctrl-C") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGKILL") << SIGKILL;
}

void RunCliTest::signalsLeaveNothingBehind() {
    QFETCH(int, signal);
    QProcess p;
    p.start(kProclab, {QStringLiteral("run"), QStringLiteral("tickets"), QStringLiteral("--set"),
                       QStringLiteral("delay_scale=10"), QStringLiteral("--set"),
                       QStringLiteral("buyers=5")});
    QVERIFY(p.waitForStarted());
    // Wait until the buyers are running (they print what they read first).
    QTRY_VERIFY_WITH_TIMEOUT(p.readAllStandardOutput().contains("剩余票数") ||
                                 descendants(int(p.processId())).size() >= 8,
                             20'000);
    QTRY_VERIFY_WITH_TIMEOUT(descendants(int(p.processId())).size() >= 8, 20'000);
    const QList<int> tree = descendants(int(p.processId())); // proclab, the engine, main, 5 buyers
    QVERIFY(p.processId() > 0); // never kill(0, ...): that would be our own group
    ::kill(int(p.processId()), signal);
    QVERIFY(p.waitForFinished(10'000));
    if (signal != SIGKILL) {
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 3);
    }
    // SIGKILL: the engine sees its viewer gone and ends the run itself.
    QTRY_VERIFY_WITH_TIMEOUT(std::none_of(tree.begin(), tree.end(), alive), 5'000);
}

QTEST_GUILESS_MAIN(RunCliTest)
#include "tst_run_cli.moc"
