// The `proclab sched` contract as scripts see it: JSON / CSV / text output of the built binary,
// jobs files, MLFQ options equal to mlfq.py's, and bad input -> one line on stderr, exit code 2.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run proclab(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(PROCLAB_BINARY), QStringList{QStringLiteral("sched")} + arguments);
    if (!process.waitForFinished(60000))
        qFatal("proclab did not finish");
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
               process.readAllStandardOutput(), process.readAllStandardError()};
}

QStringList args(const char* text) {
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QString writeFile(const QTemporaryDir& dir, const char* name, const char* content) {
    const QString path = dir.filePath(QString::fromUtf8(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", name);
    file.write(content);
    return path;
}

QJsonObject object(const QByteArray& json) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

double averageOf(const QJsonObject& result, const char* key) {
    return result.value(QStringLiteral("average"))
        .toObject()
        .value(QString::fromUtf8(key))
        .toDouble();
}

} // namespace

class CommandLine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonContract();
    void compareGivesAnArray();
    void csvContract();
    void textHasGanttMetricsAndDecisions();
    void jobsFiles();
    void mlfqOptionsEqualMlfqPy_data();
    void mlfqOptionsEqualMlfqPy();
    void settingsChangeTheSchedule();
    void badInputExitsWithTwo_data();
    void badInputExitsWithTwo();
    void helpExitsWithZero();
};

void CommandLine::jsonContract() {
    // scheduler.py -p SJF -l 5,3,3 -c: averages 3.00 6.67 3.00
    const Run run = proclab(args("--policy sjf --jobs J0:0:5,J1:0:3,J2:0:3 --format json"));
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.err.isEmpty());
    const QJsonObject result = object(run.out);
    QCOMPARE(result.value(QStringLiteral("policy")).toString(), QStringLiteral("sjf"));
    QCOMPARE(averageOf(result, "response"), 3.0);
    QCOMPARE(averageOf(result, "turnaround"), 6.67);
    QCOMPARE(averageOf(result, "waiting"), 3.0);
    QCOMPARE(result.value(QStringLiteral("context_switches")).toInt(), 2);
    QCOMPARE(result.value(QStringLiteral("utilization")).toDouble(), 1.0);
    const QJsonArray schedule = result.value(QStringLiteral("schedule")).toArray();
    QCOMPARE(schedule.size(), 3);
    QCOMPARE(schedule[0].toObject().value(QStringLiteral("job")).toString(), QStringLiteral("J1"));
    QCOMPARE(schedule[2].toObject().value(QStringLiteral("end")).toInt(), 11);
    const QJsonObject j0 = result.value(QStringLiteral("jobs")).toArray()[0].toObject();
    for (const char* key :
         {"name", "arrival", "length", "response", "turnaround", "waiting", "finish"})
        QVERIFY2(j0.contains(QString::fromUtf8(key)), key);
    QCOMPARE(j0.value(QStringLiteral("finish")).toInt(), 11);
    const QJsonObject settings = result.value(QStringLiteral("settings")).toObject();
    QCOMPARE(settings.value(QStringLiteral("arrival-before-preempted")).toBool(), true);
    QCOMPARE(settings.value(QStringLiteral("priority-order")).toString(),
             QStringLiteral("lower-first"));
    QCOMPARE(settings.value(QStringLiteral("switch-cost")).toInt(), 0);
}

void CommandLine::compareGivesAnArray() {
    // scheduler.py -p RR -q 2 -l 3,5,2 -c: 2.00 7.67 4.33
    const Run run = proclab(
        args("--compare fcfs,sjf,rr --quantum 2 --jobs J0:0:3,J1:0:5,J2:0:2 --format json"));
    QCOMPARE(run.exitCode, 0);
    const QJsonArray results = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results[2].toObject().value(QStringLiteral("policy")).toString(),
             QStringLiteral("rr"));
    QCOMPARE(averageOf(results[2].toObject(), "response"), 2.0);
    QCOMPARE(averageOf(results[2].toObject(), "turnaround"), 7.67);
    QCOMPARE(averageOf(results[2].toObject(), "waiting"), 4.33);
    QCOMPARE(results[2]
                 .toObject()
                 .value(QStringLiteral("settings"))
                 .toObject()
                 .value(QStringLiteral("quantum"))
                 .toInt(),
             2);
}

void CommandLine::csvContract() {
    const Run run =
        proclab(args("--compare fcfs,rr --quantum 4 --jobs P1:0:24,P2:0:3,P3:0:3 --format csv"));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out,
             QByteArray("policy,kind,job,arrival,length,finish,response,turnaround,waiting\n"
                        "fcfs,job,P1,0,24,24,0,24,0\n"
                        "fcfs,job,P2,0,3,27,24,27,24\n"
                        "fcfs,job,P3,0,3,30,27,30,27\n"
                        "fcfs,average,,,,,17.00,27.00,17.00\n"
                        "rr,job,P1,0,24,30,0,30,6\n"
                        "rr,job,P2,0,3,7,4,7,4\n"
                        "rr,job,P3,0,3,10,7,10,7\n"
                        "rr,average,,,,,3.67,15.67,5.67\n"));
}

void CommandLine::textHasGanttMetricsAndDecisions() {
    const Run run = proclab(args("--policy srtf --jobs P1:0:8,P2:1:4,P3:2:9,P4:3:5 --explain"));
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("Gantt chart (1 column = 1 tick"));
    QVERIFY(run.out.contains("\nP1   #.........#######\n")); // runs 0-1 and 10-17, waits between
    QVERIFY(run.out.contains("schedule: 0-1 P1, 1-5 P2, 5-10 P4, 10-17 P1, 17-26 P3"));
    QVERIFY(run.out.contains("average"));
    QVERIFY(run.out.contains("6.50"));
    QVERIFY(run.out.contains("> P2 preempts P1: remaining 4 < 7"));
    QVERIFY(run.out.contains("context switches 4"));

    const Run compared = proclab(args("--compare fcfs,sjf --jobs A:0:3,B:0:1"));
    QVERIFY(compared.out.contains("comparison of averages"));
    QVERIFY(compared.out.contains("\nsjf               0.50        2.50      0.50"));
}

void CommandLine::jobsFiles() {
    QTemporaryDir dir;
    const QString json = writeFile(dir, "jobs.json",
                                   R"({"jobs":[{"name":"P1","arrival":0,"length":24},
                                               {"name":"P2","arrival":0,"length":3},
                                               {"name":"P3","arrival":0,"length":3}]})");
    const QString csv =
        writeFile(dir, "jobs.csv", "name,arrival,length\nP1,0,24\nP2,0,3\nP3,0,3\n");
    for (const QString& file : {json, csv}) {
        for (const QString& option : {QStringLiteral("--jobs-file"), QStringLiteral("--jobs")}) {
            const Run run = proclab({QStringLiteral("--policy"), QStringLiteral("fcfs"), option,
                                     file, QStringLiteral("--format"), QStringLiteral("json")});
            QCOMPARE(run.exitCode, 0);
            QCOMPARE(averageOf(object(run.out), "waiting"), 17.0); // Silberschatz: 17
        }
    }
    const QString broken = writeFile(dir, "broken.json", R"({"jobs":[{"name":"A","arrival":0,)");
    const Run malformed = proclab({QStringLiteral("--policy"), QStringLiteral("fcfs"),
                                   QStringLiteral("--jobs-file"), broken});
    QCOMPARE(malformed.exitCode, 2);
    QVERIFY(malformed.err.startsWith(
        QByteArray("proclab sched: jobs file " + broken.toUtf8() + ": invalid JSON: ")));
    QCOMPARE(malformed.err.count('\n'), 1);
    const QString badCsv = writeFile(dir, "bad.csv", "name,arrival,length\nA,0,x\n");
    const Run csvRun = proclab({QStringLiteral("--policy"), QStringLiteral("fcfs"),
                                QStringLiteral("--jobs-file"), badCsv});
    QCOMPARE(csvRun.exitCode, 2);
    QCOMPARE(csvRun.err, QByteArray("proclab sched: jobs file " + badCsv.toUtf8() +
                                    ": CSV line 2 (job 1): length must be an integer, got 'x'\n"));
}

void CommandLine::mlfqOptionsEqualMlfqPy_data() {
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QByteArray>("jobs"); // name:arrival:length:priority:io_every
    QTest::addColumn<double>("response");
    QTest::addColumn<double>("turnaround");
    // Expected numbers: `python3 mlfq.py <same options> -l <jobs as start,run,io> -c`.
    QTest::newRow("-n 3 -q 10 -l 0,200,0:100,20,0")
        << QByteArray("--levels 3 --quantum 10") << QByteArray("J0:0:200,J1:100:20") << 0.0
        << 120.0;
    QTest::newRow("-n 3 -q 10 -B 50 -l 0,200,0:100,50,5:100,50,5")
        << QByteArray("--levels 3 --quantum 10 --boost 50")
        << QByteArray("J0:0:200,J1:100:50:0:5,J2:100:50:0:5") << 8.33 << 211.67;
    QTest::newRow("-n 3 -q 10 -i 1 -S -l 0,200,0:80,100,9")
        << QByteArray("--levels 3 --quantum 10 --io-time 1 --stay")
        << QByteArray("J0:0:200,J1:80:100:0:9") << 0.0 << 205.5;
    QTest::newRow("-n 2 -q 5 -I -i 2 -l 0,30,0:0,20,3:0,20,4")
        << QByteArray("--levels 2 --quantum 5 --io-front --io-time 2")
        << QByteArray("J0:0:30,J1:0:20:0:3,J2:0:20:0:4") << 4.33 << 62.0;
    QTest::newRow("-Q 2,4,8 -A 2,2,1 -B 15 -i 3 -S -I -l 0,40,0:3,25,4:6,30,5:20,10,0")
        << QByteArray("--quanta 2,4,8 --allotments 2,2,1 --boost 15 --io-time 3 --stay --io-front")
        << QByteArray("J0:0:40,J1:3:25:0:4,J2:6:30:0:5,J3:20:10") << 2.25 << 78.0;
}

void CommandLine::mlfqOptionsEqualMlfqPy() {
    QFETCH(QByteArray, options);
    QFETCH(QByteArray, jobs);
    QFETCH(double, response);
    QFETCH(double, turnaround);
    const QByteArray line =
        QByteArray("--policy mlfq --format json --jobs ") + jobs + ' ' + options;
    const Run run = proclab(args(line.constData()));
    QCOMPARE(run.exitCode, 0);
    const QJsonObject result = object(run.out);
    QCOMPARE(averageOf(result, "response"), response);
    QCOMPARE(averageOf(result, "turnaround"), turnaround);
    QCOMPARE(result.value(QStringLiteral("settings"))
                 .toObject()
                 .value(QStringLiteral("arrival-before-preempted"))
                 .toBool(),
             false);
}

void CommandLine::settingsChangeTheSchedule() {
    const auto finishOf = [](const Run& run, int job) {
        return object(run.out)
            .value(QStringLiteral("jobs"))
            .toArray()[job]
            .toObject()
            .value(QStringLiteral("finish"))
            .toInt();
    };
    const char* tie = "--policy rr --quantum 2 --jobs A:0:4,B:2:2 --format json";
    QCOMPARE(finishOf(proclab(args(tie)), 0), 6);
    QCOMPARE(finishOf(proclab(args(tie) + args("--setting arrival-before-preempted=false")), 0), 4);
    const Run costly = proclab(
        args("--policy rr --quantum 2 --jobs A:0:3,B:0:3 --format json --setting switch-cost=1"));
    QCOMPARE(finishOf(costly, 1), 9);
    const Run higher = proclab(args("--policy priority --jobs A:0:2:1,B:0:2:9 --format json "
                                    "--setting priority-order=higher-first"));
    QCOMPARE(finishOf(higher, 1), 2);
}

void CommandLine::badInputExitsWithTwo_data() {
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("negative length")
        << QByteArray("--policy fcfs --jobs A:0:-3")
        << QByteArray("proclab sched: job 1 (A): length must be from 1 to 1000000000, got -3\n");
    QTest::newRow("quantum 0")
        << QByteArray("--policy rr --quantum 0 --jobs A:0:3")
        << QByteArray(
               "proclab sched: --quantum: expected an integer from 1 to 1000000000, got '0'\n");
    QTest::newRow("unknown policy")
        << QByteArray("--policy fifo --jobs A:0:3")
        << QByteArray(
               "proclab sched: --policy: unknown policy 'fifo' (expected one of fcfs, sjf, srtf, "
               "rr, priority, ppriority, priority-rr, hrrn, mlfq, lottery, stride, cfs)\n");
    QTest::newRow("unknown policy in compare")
        << QByteArray("--compare fcfs,lifo --jobs A:0:3")
        << QByteArray(
               "proclab sched: --compare: unknown policy 'lifo' (expected one of fcfs, sjf, srtf, "
               "rr, priority, ppriority, priority-rr, hrrn, mlfq, lottery, stride, cfs)\n");
    QTest::newRow("unknown setting")
        << QByteArray("--policy rr --jobs A:0:3 --setting tie=first")
        << QByteArray("proclab sched: unknown setting 'tie' (known: arrival-before-preempted, "
                      "priority-order, switch-cost, aging, cfs-latency, cfs-min-granularity)\n");
    QTest::newRow("bad setting value")
        << QByteArray("--policy rr --jobs A:0:3 --setting priority-order=up")
        << QByteArray("proclab sched: setting priority-order: expected lower-first or "
                      "higher-first, got 'up'\n");
    QTest::newRow("malformed list")
        << QByteArray("--policy rr --jobs A:0")
        << QByteArray("proclab sched: jobs entry 1 'A:0': expected "
                      "name:arrival:length[:priority[:io_every[:io_time]]]\n");
    QTest::newRow("no jobs")
        << QByteArray("--policy rr")
        << QByteArray("proclab sched: no jobs: give --jobs LIST or --jobs-file FILE\n");
    QTest::newRow("unexpected argument")
        << QByteArray("--policy rr --jobs A:0:3 extra")
        << QByteArray("proclab sched: The following argument was not expected: extra\n");
    QTest::newRow("levels and quanta disagree")
        << QByteArray("--policy mlfq --levels 2 --quanta 1,2,3 --jobs A:0:3")
        << QByteArray("proclab sched: --quanta lists 3 quanta but --levels is 2\n");
    QTest::newRow("bad format")
        << QByteArray("--policy rr --jobs A:0:3 --format yaml")
        << QByteArray("proclab sched: --format: expected text, json or csv, got 'yaml'\n");
}

void CommandLine::badInputExitsWithTwo() {
    QFETCH(QByteArray, arguments);
    QFETCH(QByteArray, message);
    const Run run = proclab(args(arguments.constData()));
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QCOMPARE(run.err, message);
}

void CommandLine::helpExitsWithZero() {
    const Run run = proclab(args("--help"));
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("--policy"));
    QVERIFY(run.out.contains("--setting"));
}

QTEST_GUILESS_MAIN(CommandLine)
#include "test_sched_cli.moc"
