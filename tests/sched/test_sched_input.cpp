// Workload validation (which job, which field, allowed range), the job list / JSON / CSV readers
// and the JSON / CSV exports that scripts parse.
#include "sched_test_support.h"

#include "engine/sched/io/export.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace proclab::sched;
using namespace proclab::sched::test;

class InputAndExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validationNamesJobFieldAndRange_data();
    void validationNamesJobFieldAndRange();
    void everyProblemIsReported();
    void settingsValidation_data();
    void settingsValidation();
    void unknownAndBadSettings_data();
    void unknownAndBadSettings();
    void jobListSyntax_data();
    void jobListSyntax();
    void jsonJobs();
    void jsonErrors_data();
    void jsonErrors();
    void csvJobs();
    void csvErrors_data();
    void csvErrors();
    void jsonExportFollowsTheContract();
    void csvExportFollowsTheContract();
    void settingsAreListedWithTheirDefaults();
};

void InputAndExport::validationNamesJobFieldAndRange_data() {
    QTest::addColumn<QByteArray>("jobs");
    QTest::addColumn<int>("job"); // 0-based index of the offending job
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("negative length")
        << QByteArray("A:0:3,B:1:-2") << 1 << QByteArray("length")
        << QByteArray("job 2 (B): length must be from 1 to 1000000000, got -2");
    QTest::newRow("zero length") << QByteArray("A:0:0") << 0 << QByteArray("length")
                                 << QByteArray(
                                        "job 1 (A): length must be from 1 to 1000000000, got 0");
    QTest::newRow("negative arrival")
        << QByteArray("A:-1:3") << 0 << QByteArray("arrival")
        << QByteArray("job 1 (A): arrival must be from 0 to 1000000000000, got -1");
    QTest::newRow("duplicate name") << QByteArray("A:0:3,B:0:1,A:2:2") << 2 << QByteArray("name")
                                    << QByteArray("job 3 (A): name is already used by job 1");
    QTest::newRow("negative io_every")
        << QByteArray("A:0:3:0:-1") << 0 << QByteArray("io_every")
        << QByteArray("job 1 (A): io_every must be from 0 to 1000000000, got -1");
    QTest::newRow("priority out of range")
        << QByteArray("A:0:3:2000000") << 0 << QByteArray("priority")
        << QByteArray("job 1 (A): priority must be from -1000000 to 1000000, got 2000000");
}

void InputAndExport::validationNamesJobFieldAndRange() {
    QFETCH(QByteArray, jobs);
    QFETCH(int, job);
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, message);
    const std::vector<Problem> problems = validateWorkload(jobsFrom(jobs.toStdString()));
    QCOMPARE(problems.size(), std::size_t{1});
    QCOMPARE(problems.front().job, std::optional<std::size_t>(static_cast<std::size_t>(job)));
    QCOMPARE(QByteArray::fromStdString(problems.front().field), field);
    QCOMPARE(QByteArray::fromStdString(problems.front().message), message);
    // simulate() refuses the same input with the same message.
    Settings settings;
    QVERIFY_THROWS_EXCEPTION(InvalidInput, simulate(jobsFrom(jobs.toStdString()), settings));
}

void InputAndExport::everyProblemIsReported() {
    // Empty names are reported as such, and do not hide a later duplicate.
    const std::vector<Problem> problems =
        validateWorkload(jobsFrom("A:0:1,:0:1,:0:-1,B:0:1,B:0:1"));
    QCOMPARE(problems.size(), std::size_t{4});
    QCOMPARE(QByteArray::fromStdString(problems[0].message),
             QByteArray("job 2: name must not be empty"));
    QCOMPARE(QByteArray::fromStdString(problems[1].message),
             QByteArray("job 3: name must not be empty"));
    QCOMPARE(QByteArray::fromStdString(problems[2].message),
             QByteArray("job 3: length must be from 1 to 1000000000, got -1"));
    QCOMPARE(QByteArray::fromStdString(problems[3].message),
             QByteArray("job 5 (B): name is already used by job 4"));
}

void InputAndExport::settingsValidation_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("quantum") << 0
                             << QByteArray(
                                    "settings: quantum must be from 1 to 1000000000, got -3");
    QTest::newRow("allotments")
        << 1
        << QByteArray(
               "settings: there are 3 levels but 2 allotments; give one allotment per level");
    QTest::newRow("mlfq quantum") << 2
                                  << QByteArray(
                                         "settings: quanta[1] must be from 1 to 1000000000, got 0");
    QTest::newRow("nice") << 3 << QByteArray("job 1 (A): nice must be from -20 to 19, got 30");
    QTest::newRow("bursts") << 4
                            << QByteArray("job 1 (A): bursts must alternate CPU and I/O and end "
                                          "with CPU (an odd count), got 2 values");
    QTest::newRow("empty workload") << 5 << QByteArray("the workload has no jobs");
}

void InputAndExport::settingsValidation() {
    QFETCH(int, which);
    QFETCH(QByteArray, message);
    Settings settings;
    Workload workload = jobsFrom("A:0:3");
    switch (which) {
    case 0: settings.quantum = -3; break;
    case 1: settings.mlfq.allotments = {1, 1}; break;
    case 2: settings.mlfq.quanta = {4, 0, 4}; break;
    case 3: workload.jobs[0].nice = 30; break;
    case 4: workload.jobs[0].bursts = {3, 2}; break;
    case 5: workload.jobs.clear(); break;
    }
    const std::vector<Problem> problems = validate(workload, settings);
    QVERIFY(!problems.empty());
    QCOMPARE(QByteArray::fromStdString(problems.front().message), message);
}

void InputAndExport::unknownAndBadSettings_data() {
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("message"); // empty: accepted
    QTest::newRow("ok order") << QByteArray("priority-order") << QByteArray("higher-first")
                              << QByteArray();
    QTest::newRow("ok cost") << QByteArray("switch-cost") << QByteArray("2") << QByteArray();
    QTest::newRow("unknown")
        << QByteArray("quantums") << QByteArray("2")
        << QByteArray("unknown setting 'quantums' (known: arrival-before-preempted, "
                      "priority-order, switch-cost, aging, cfs-latency, cfs-min-granularity)");
    QTest::newRow("bad bool")
        << QByteArray("arrival-before-preempted") << QByteArray("yes")
        << QByteArray("setting arrival-before-preempted: expected true or false, got 'yes'");
    QTest::newRow("negative cost")
        << QByteArray("switch-cost") << QByteArray("-1")
        << QByteArray("setting switch-cost: expected an integer from 0 to 1000000000, got '-1'");
}

void InputAndExport::unknownAndBadSettings() {
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, message);
    Settings settings;
    const auto error = applySetting(settings, name.toStdString(), value.toStdString());
    QCOMPARE(QByteArray::fromStdString(error.value_or("")), message);
}

void InputAndExport::jobListSyntax_data() {
    QTest::addColumn<QByteArray>("list");
    QTest::addColumn<QByteArray>(
        "result"); // "name arrival length priority ioEvery ioTime;..." or error
    QTest::newRow("plain") << QByteArray("A:0:3,B:2:5") << QByteArray("A 0 3 0 0 -;B 2 5 0 0 -");
    QTest::newRow("priority and io") << QByteArray(" A:1:4:2:2:3 ") << QByteArray("A 1 4 2 2 3");
    QTest::newRow("too few fields")
        << QByteArray("A:0")
        << QByteArray(
               "jobs entry 1 'A:0': expected name:arrival:length[:priority[:io_every[:io_time]]]");
    QTest::newRow("not a number")
        << QByteArray("A:0:3,B:x:2")
        << QByteArray("jobs entry 2 'B:x:2': arrival must be an integer, got 'x'");
    QTest::newRow("empty entry")
        << QByteArray("A:0:3,")
        << QByteArray(
               "jobs entry 2 '': expected name:arrival:length[:priority[:io_every[:io_time]]]");
}

void InputAndExport::jobListSyntax() {
    QFETCH(QByteArray, list);
    QFETCH(QByteArray, result);
    const JobsParseResult parsed = parseJobList(list.toStdString());
    if (!parsed.workload) {
        QCOMPARE(QByteArray::fromStdString(parsed.error), result);
        return;
    }
    std::string text;
    for (const Job& job : parsed.workload->jobs)
        text += (text.empty() ? "" : ";") + job.name + ' ' + std::to_string(job.arrival) + ' ' +
                std::to_string(job.length) + ' ' + std::to_string(job.priority) + ' ' +
                std::to_string(job.ioEvery) + ' ' +
                (job.ioTime ? std::to_string(*job.ioTime) : std::string("-"));
    QCOMPARE(QByteArray::fromStdString(text), result);
}

void InputAndExport::jsonJobs() {
    const JobsParseResult parsed = parseJobsJson(R"({"jobs":[
        {"name":"A","arrival":0,"length":5},
        {"name":"B","arrival":2,"length":4,"priority":3,"io_every":2,"io_time":1,"tickets":50,"nice":-2},
        {"name":"C","arrival":1,"bursts":[2,3,1]}]})");
    QVERIFY2(parsed.workload, parsed.error.c_str());
    const std::vector<Job>& jobs = parsed.workload->jobs;
    QCOMPARE(jobs.size(), std::size_t{3});
    QCOMPARE(jobs[1].priority, 3);
    QCOMPARE(jobs[1].ioEvery, Time{2});
    QCOMPARE(jobs[1].ioTime.value_or(-1), Time{1});
    QCOMPARE(jobs[1].tickets, 50);
    QCOMPARE(jobs[1].nice, -2);
    QCOMPARE(jobs[2].bursts, (std::vector<Time>{2, 3, 1}));
    // C computes 2, waits 3, computes 1.
    Settings settings;
    const Result result = simulate(*parsed.workload, settings);
    QCOMPARE(result.jobs[2].length, Time{3});
    QCOMPARE(result.jobs[2].io, Time{3});
}

void InputAndExport::jsonErrors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("error"); // start of the message
    QTest::newRow("malformed") << QByteArray(R"({"jobs":[{"name":"A",}]})")
                               << QByteArray("invalid JSON: ");
    QTest::newRow("not jobs") << QByteArray(R"([1,2])")
                              << QByteArray(R"(expected an object {"jobs": [...]})");
    QTest::newRow("missing length") << QByteArray(R"({"jobs":[{"name":"A","arrival":0}]})")
                                    << QByteArray("job 1: missing field 'length'");
    QTest::newRow("unknown field")
        << QByteArray(R"({"jobs":[{"name":"A","arrival":0,"length":2,"lenght":3}]})")
        << QByteArray("job 1: unknown field 'lenght'");
    QTest::newRow("wrong type") << QByteArray(R"({"jobs":[{"name":"A","arrival":"0","length":2}]})")
                                << QByteArray("job 1: arrival must be an integer");
    QTest::newRow("fraction") << QByteArray(R"({"jobs":[{"name":"A","arrival":0,"length":2.5}]})")
                              << QByteArray("job 1: length must be an integer");
}

void InputAndExport::jsonErrors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, error);
    const JobsParseResult parsed = parseJobsJson(text.toStdString());
    QVERIFY(!parsed.workload);
    QVERIFY2(QByteArray::fromStdString(parsed.error).startsWith(error), parsed.error.c_str());
    QVERIFY(parsed.error.find('\n') == std::string::npos);
}

void InputAndExport::csvJobs() {
    const JobsParseResult parsed = parseJobsCsv("name,arrival,length,priority,io_every,io_time\n"
                                                "# a comment\n"
                                                "A,0,5,,,\n"
                                                "\"B, the second\",2,4,3,2,1\r\n"
                                                "\n");
    QVERIFY2(parsed.workload, parsed.error.c_str());
    QCOMPARE(parsed.workload->jobs.size(), std::size_t{2});
    QCOMPARE(parsed.workload->jobs[1].name, std::string("B, the second"));
    QCOMPARE(parsed.workload->jobs[1].ioTime.value_or(-1), Time{1});
    QVERIFY(!parsed.workload->jobs[0].ioTime);
}

void InputAndExport::csvErrors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("unknown column")
        << QByteArray("name,arrival,size\nA,0,3\n") << QByteArray("unknown CSV column 'size'");
    QTest::newRow("missing column") << QByteArray("name,arrival\nA,0\n")
                                    << QByteArray("CSV line 2 (job 1): missing field 'length'");
    QTest::newRow("field count") << QByteArray("name,arrival,length\nA,0\n")
                                 << QByteArray("CSV line 2 (job 1): expected 3 fields, got 2");
    QTest::newRow("bad number")
        << QByteArray("name,arrival,length\nA,0,three\n")
        << QByteArray("CSV line 2 (job 1): length must be an integer, got 'three'");
    QTest::newRow("quote") << QByteArray("name,arrival,length\n\"A,0,3\n")
                           << QByteArray("CSV line 2: unterminated quote");
}

void InputAndExport::csvErrors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, error);
    const JobsParseResult parsed = parseJobsCsv(text.toStdString());
    QVERIFY(!parsed.workload);
    QCOMPARE(QByteArray::fromStdString(parsed.error), error);
}

void InputAndExport::jsonExportFollowsTheContract() {
    const Workload workload = jobsFrom("A:0:2,B:5:3");
    const Result result = run("fcfs", 0, "", "A:0:2,B:5:3");
    const QJsonObject object =
        QJsonDocument::fromJson(QByteArray::fromStdString(resultToJson(result, workload))).object();
    const QStringList keys{QStringLiteral("policy"),      QStringLiteral("settings"),
                           QStringLiteral("schedule"),    QStringLiteral("jobs"),
                           QStringLiteral("average"),     QStringLiteral("throughput"),
                           QStringLiteral("utilization"), QStringLiteral("context_switches")};
    for (const QString& key : keys)
        QVERIFY2(object.contains(key), qPrintable(key));
    QCOMPARE(object.value(QStringLiteral("policy")).toString(), QStringLiteral("fcfs"));
    const QJsonArray schedule = object.value(QStringLiteral("schedule")).toArray();
    QCOMPARE(schedule.size(), 3);
    QVERIFY(schedule[1].toObject().value(QStringLiteral("job")).isNull()); // idle 2-5
    QCOMPARE(schedule[2].toObject().value(QStringLiteral("start")).toInt(), 5);
    const QJsonObject b = object.value(QStringLiteral("jobs")).toArray()[1].toObject();
    QCOMPARE(b.value(QStringLiteral("name")).toString(), QStringLiteral("B"));
    QCOMPARE(b.value(QStringLiteral("finish")).toInt(), 8);
    QCOMPARE(b.value(QStringLiteral("turnaround")).toInt(), 3);
    const QJsonObject average = object.value(QStringLiteral("average")).toObject();
    QCOMPARE(average.value(QStringLiteral("turnaround")).toDouble(), 2.5);
    QCOMPARE(object.value(QStringLiteral("utilization")).toDouble(), 0.625);
    QCOMPARE(object.value(QStringLiteral("throughput")).toDouble(), 0.25);
    QCOMPARE(object.value(QStringLiteral("settings"))
                 .toObject()
                 .value(QStringLiteral("switch-cost"))
                 .toInt(),
             0);

    // Averages keep two decimals, rounded as printf does: 20/3 -> 6.67.
    const Workload three = jobsFrom("J0:0:5,J1:0:3,J2:0:3");
    const QJsonObject sjf =
        QJsonDocument::fromJson(QByteArray::fromStdString(
                                    resultToJson(run("sjf", 0, "", "J0:0:5,J1:0:3,J2:0:3"), three)))
            .object();
    QCOMPARE(sjf.value(QStringLiteral("average"))
                 .toObject()
                 .value(QStringLiteral("turnaround"))
                 .toDouble(),
             6.67);

    // --compare: an array of such objects.
    const std::vector<Result> results =
        compare(workload, Settings{}, std::vector{PolicyKind::Fcfs, PolicyKind::RoundRobin});
    const QJsonArray array =
        QJsonDocument::fromJson(QByteArray::fromStdString(resultsToJson(results, workload)))
            .array();
    QCOMPARE(array.size(), 2);
    QCOMPARE(array[1].toObject().value(QStringLiteral("policy")).toString(), QStringLiteral("rr"));
}

void InputAndExport::csvExportFollowsTheContract() {
    const Workload workload = jobsFrom("P1:0:24,P2:0:3,P3:0:3");
    const std::vector<Result> results =
        compare(workload, Settings{}, std::vector{PolicyKind::Fcfs});
    QCOMPARE(QByteArray::fromStdString(resultsToCsv(results, workload)),
             QByteArray("policy,kind,job,arrival,length,finish,response,turnaround,waiting\n"
                        "fcfs,job,P1,0,24,24,0,24,0\n"
                        "fcfs,job,P2,0,3,27,24,27,24\n"
                        "fcfs,job,P3,0,3,30,27,30,27\n"
                        "fcfs,average,,,,,17.00,27.00,17.00\n"));
}

void InputAndExport::settingsAreListedWithTheirDefaults() {
    Settings settings;
    settings.policy = PolicyKind::RoundRobin;
    std::string listed;
    for (const SettingEntry& entry : describeSettings(settings))
        listed += entry.name + '=' +
                  (entry.type == SettingEntry::Type::Integer ? std::to_string(entry.integer)
                                                             : entry.text) +
                  ' ';
    QCOMPARE(QByteArray::fromStdString(listed),
             QByteArray("arrival-before-preempted=true priority-order=lower-first switch-cost=0 "
                        "tie-break=earlier-arrival,list-order quantum=1 io-time=5 "));
    settings.policy = PolicyKind::Mlfq;
    QVERIFY(!effectiveArrivalBeforePreempted(settings)); // as mlfq.py
    settings.arrivalBeforePreempted = true;
    QVERIFY(effectiveArrivalBeforePreempted(settings));
}

QTEST_GUILESS_MAIN(InputAndExport)
#include "test_sched_input.moc"
