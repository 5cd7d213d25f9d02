// Equality with OSTEP's tools (ostep-homework: cpu-sched/scheduler.py, cpu-sched-mlfq/mlfq.py)
// on the same options and default settings. Named rows follow the book's MLFQ chapter; the data
// files hold hundreds of seeded random cases, each line with the exact arguments that produced
// its numbers (see the header of each file).
#include "sched_test_support.h"

#include <QFile>

#include <sstream>

using namespace proclab::sched;
using namespace proclab::sched::test;

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, separator))
        parts.push_back(part);
    return parts;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

// mlfq.py's options (-n -q -a -Q -A -B -i -S -I -l) as our settings and workload.
struct MlfqCase {
    Settings settings;
    Workload workload;
};

MlfqCase mlfqCase(const std::string& arguments) {
    MlfqCase result;
    Settings& settings = result.settings;
    settings.policy = PolicyKind::Mlfq;
    std::size_t levels = 3;
    Time quantum = 10;
    int allotment = 1;
    std::vector<Time> quanta;
    std::vector<int> allotments;
    const std::vector<std::string> words = split(arguments, ' ');
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        const auto value = [&] { return words.at(++i); };
        if (word == "-n")
            levels = std::stoul(value());
        else if (word == "-q")
            quantum = std::stol(value());
        else if (word == "-a")
            allotment = std::stoi(value());
        else if (word == "-Q")
            for (const std::string& q : split(value(), ','))
                quanta.push_back(std::stol(q));
        else if (word == "-A")
            for (const std::string& a : split(value(), ','))
                allotments.push_back(std::stoi(a));
        else if (word == "-B")
            settings.mlfq.boostPeriod = std::stol(value());
        else if (word == "-i")
            settings.ioTime = std::stol(value());
        else if (word == "-S")
            settings.mlfq.stayAfterIo = true;
        else if (word == "-I")
            settings.mlfq.ioToFront = true;
        else if (word == "-l") {
            int index = 0;
            for (const std::string& job : split(value(), ':')) {
                const std::vector<std::string> fields = split(job, ',');
                Job entry;
                entry.name = "J" + std::to_string(index++);
                entry.arrival = std::stol(fields.at(0));
                entry.length = std::stol(fields.at(1));
                entry.ioEvery = std::stol(fields.at(2));
                result.workload.jobs.push_back(entry);
            }
        } else if (!word.empty())
            qFatal("unknown mlfq.py option %s", word.c_str());
    }
    if (quanta.empty())
        quanta.assign(levels, quantum);
    if (allotments.empty())
        allotments.assign(quanta.size(), allotment);
    settings.mlfq.quanta = quanta;
    settings.mlfq.allotments = allotments;
    return result;
}

// mlfq.py prints per job response and turnaround: "0/220 0/20".
std::string responseTurnaround(const Result& result) {
    std::string text;
    for (const JobMetrics& metrics : result.jobs)
        text += (text.empty() ? "" : " ") + std::to_string(metrics.response()) + '/' +
                std::to_string(metrics.turnaround());
    return text;
}

std::string mlfqAverages(const Result& result) {
    return formatFixed2(result.summary.averageResponse()) + ' ' +
           formatFixed2(result.summary.averageTurnaround());
}

std::vector<std::string> dataLines(const char* file) {
    QFile data(QStringLiteral(PROCLAB_SCHED_TEST_DATA "/") + QString::fromLatin1(file));
    if (!data.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", file);
    std::vector<std::string> lines;
    for (const QByteArray& line : data.readAll().split('\n'))
        if (!line.isEmpty() && !line.startsWith('#'))
            lines.push_back(line.toStdString());
    return lines;
}

} // namespace

class OstepEquality : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mlfqChapter_data();
    void mlfqChapter();
    void mlfqOracleFile();
    void schedulerOracleFile();
};

void OstepEquality::mlfqChapter_data() {
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<QByteArray>("perJob");   // response/turnaround per job
    QTest::addColumn<QByteArray>("averages"); // as mlfq.py prints them
    // Every row: `python3 mlfq.py <arguments> -c`.
    QTest::newRow("fig 8.2 a single long job")
        << QByteArray("-n 3 -q 10 -l 0,200,0") << QByteArray("0/200") << QByteArray("0.00 200.00");
    QTest::newRow("fig 8.3 along came a short job")
        << QByteArray("-n 3 -q 10 -l 0,200,0:100,20,0") << QByteArray("0/220 0/20")
        << QByteArray("0.00 120.00");
    QTest::newRow("fig 8.4 an interactive job doing I/O")
        << QByteArray("-n 3 -q 10 -i 1 -l 0,175,0:50,25,1") << QByteArray("0/200 0/95")
        << QByteArray("0.00 147.50");
    QTest::newRow("fig 8.5 without boost")
        << QByteArray("-n 3 -q 10 -l 0,200,0:100,50,5:100,50,5") << QByteArray("0/300 0/155 5/160")
        << QByteArray("1.67 205.00");
    QTest::newRow("fig 8.5 with boost every 50")
        << QByteArray("-n 3 -q 10 -B 50 -l 0,200,0:100,50,5:100,50,5")
        << QByteArray("0/300 10/165 15/170") << QByteArray("8.33 211.67");
    QTest::newRow("fig 8.6 gaming the scheduler with stay")
        << QByteArray("-n 3 -q 10 -i 1 -S -l 0,200,0:80,100,9") << QByteArray("0/300 0/111")
        << QByteArray("0.00 205.50");
    QTest::newRow("fig 8.6 better accounting without stay")
        << QByteArray("-n 3 -q 10 -i 1 -l 0,200,0:80,100,9") << QByteArray("0/272 0/223")
        << QByteArray("0.00 247.50");
    QTest::newRow("fig 8.7 longer quanta at lower levels")
        << QByteArray("-Q 10,20,40 -A 1,1,1 -l 0,200,0:0,200,0") << QByteArray("0/390 10/400")
        << QByteArray("5.00 395.00");
    QTest::newRow("I/O completion to the front (-I)")
        << QByteArray("-n 2 -q 5 -I -i 2 -l 0,30,0:0,20,3:0,20,4") << QByteArray("0/70 5/54 8/62")
        << QByteArray("4.33 62.00");
    QTest::newRow("I/O completion to the back")
        << QByteArray("-n 2 -q 5 -i 2 -l 0,30,0:0,20,3:0,20,4") << QByteArray("0/57 5/71 8/69")
        << QByteArray("4.33 65.67");
    QTest::newRow("boost, stay, front, allotments and arrivals together")
        << QByteArray("-Q 2,4,8 -A 2,2,1 -B 15 -i 3 -S -I -l 0,40,0:3,25,4:6,30,5:20,10,0")
        << QByteArray("0/105 1/84 2/83 6/40") << QByteArray("2.25 78.00");
    QTest::newRow("one level is round robin")
        << QByteArray("-n 1 -q 3 -i 2 -l 0,10,4:0,8,0:2,6,2") << QByteArray("0/24 3/17 4/20")
        << QByteArray("2.33 20.33");
    QTest::newRow("allotment 2 and zero-length I/O")
        << QByteArray("-n 3 -q 2 -a 2 -i 0 -l 0,12,3:0,9,0") << QByteArray("0/21 2/17")
        << QByteArray("1.00 19.00");
}

void OstepEquality::mlfqChapter() {
    QFETCH(QByteArray, arguments);
    QFETCH(QByteArray, perJob);
    QFETCH(QByteArray, averages);
    const MlfqCase mlfq = mlfqCase(arguments.toStdString());
    const Result result = simulate(mlfq.workload, mlfq.settings);
    QCOMPARE(QByteArray::fromStdString(responseTurnaround(result)), perJob);
    QCOMPARE(QByteArray::fromStdString(mlfqAverages(result)), averages);
    // The mlfq.py tie order is the documented MLFQ default.
    QVERIFY(!effectiveArrivalBeforePreempted(mlfq.settings));
}

void OstepEquality::mlfqOracleFile() {
    const std::vector<std::string> lines = dataLines("mlfq_py_oracle.txt");
    QVERIFY(lines.size() >= 500);
    int mismatches = 0;
    for (const std::string& line : lines) {
        const std::vector<std::string> columns = split(line, '|');
        QCOMPARE(columns.size(), std::size_t{3});
        const MlfqCase mlfq = mlfqCase(trimmed(columns[0]));
        const Result result = simulate(mlfq.workload, mlfq.settings);
        const std::string got = responseTurnaround(result) + " | " + mlfqAverages(result);
        const std::string expected = trimmed(columns[1]) + " | " + trimmed(columns[2]);
        if (got != expected && ++mismatches <= 5)
            qWarning("mlfq.py %s\n  expected %s\n  got      %s", columns[0].c_str(),
                     expected.c_str(), got.c_str());
    }
    QCOMPARE(mismatches, 0);
}

void OstepEquality::schedulerOracleFile() {
    const std::vector<std::string> lines = dataLines("scheduler_py_oracle.txt");
    QVERIFY(lines.size() >= 300);
    int mismatches = 0;
    for (const std::string& line : lines) {
        const std::vector<std::string> columns = split(line, '|');
        const std::vector<std::string> arguments = split(trimmed(columns.at(0)), ' ');
        const std::string policy = arguments.at(0) == "FIFO"  ? "fcfs"
                                   : arguments.at(0) == "SJF" ? "sjf"
                                                              : "rr";
        std::string jobs;
        int index = 0;
        for (const std::string& length : split(arguments.at(2), ','))
            jobs += (jobs.empty() ? "" : ",") + ("J" + std::to_string(index++)) + ":0:" + length;
        const Result result = run(policy, std::stoi(arguments.at(1)), "", jobs);
        std::string perJob;
        for (const JobMetrics& m : result.jobs)
            perJob += (perJob.empty() ? "" : " ") +
                      formatFixed2(static_cast<double>(m.response())) + '/' +
                      formatFixed2(static_cast<double>(m.turnaround())) + '/' +
                      formatFixed2(static_cast<double>(m.waiting()));
        const Summary& s = result.summary;
        const std::string got = perJob + " | " + formatFixed2(s.averageResponse()) + ' ' +
                                formatFixed2(s.averageTurnaround()) + ' ' +
                                formatFixed2(s.averageWaiting());
        const std::string expected = trimmed(columns.at(1)) + " | " + trimmed(columns.at(2));
        if (got != expected && ++mismatches <= 5)
            qWarning("scheduler.py %s\n  expected %s\n  got      %s", columns[0].c_str(),
                     expected.c_str(), got.c_str());
    }
    QCOMPARE(mismatches, 0);
}

QTEST_GUILESS_MAIN(OstepEquality)
#include "test_sched_ostep.moc"
