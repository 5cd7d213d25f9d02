// Published examples (Silberschatz, Stallings, OSTEP) and the conventions the tools disagree
// on, each as one row: policy, quantum, settings, jobs -> schedule, completions, averages.
#include "sched_test_support.h"

using namespace proclab::sched;
using namespace proclab::sched::test;

class TextbookExamples : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void examples_data();
    void examples();
};

void TextbookExamples::examples_data() {
    QTest::addColumn<QByteArray>("policy");
    QTest::addColumn<int>("quantum");
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QByteArray>("jobs");
    QTest::addColumn<QByteArray>("schedule"); // empty: not checked
    QTest::addColumn<QByteArray>("finishes");
    QTest::addColumn<QByteArray>("averages"); // response/turnaround/waiting
    QTest::addColumn<int>("switches");        // -1: not checked

    // OSTEP ch. 7 and its scheduler.py (numbers from `python3 scheduler.py ... -c`).
    QTest::newRow("ostep fifo 10,10,10 (scheduler.py -p FIFO -l 10,10,10)")
        << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("A:0:10,B:0:10,C:0:10")
        << QByteArray("0-10 A,10-20 B,20-30 C") << QByteArray("10,20,30")
        << QByteArray("10.00/20.00/10.00") << 2;
    QTest::newRow("ostep fifo 100,10,10: turnaround 110 (fig. 7.2)")
        << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("A:0:100,B:0:10,C:0:10")
        << QByteArray() << QByteArray("100,110,120") << QByteArray("70.00/110.00/70.00") << 2;
    QTest::newRow("ostep sjf 100,10,10: turnaround 50 (fig. 7.3)")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("A:0:100,B:0:10,C:0:10")
        << QByteArray("0-10 B,10-20 C,20-120 A") << QByteArray("120,10,20")
        << QByteArray("10.00/50.00/10.00") << 2;
    QTest::newRow("ostep sjf, B and C at 10: turnaround 103.33 (fig. 7.4)")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("A:0:100,B:10:10,C:10:10")
        << QByteArray("0-100 A,100-110 B,110-120 C") << QByteArray("100,110,120")
        << QByteArray("63.33/103.33/63.33") << 2;
    QTest::newRow("ostep stcf, B and C at 10: turnaround 50 (fig. 7.5)")
        << QByteArray("srtf") << 0 << QByteArray() << QByteArray("A:0:100,B:10:10,C:10:10")
        << QByteArray("0-10 A,10-20 B,20-30 C,30-120 A") << QByteArray("120,20,30")
        << QByteArray("3.33/50.00/10.00") << 3;
    QTest::newRow("ostep rr slice 1, 5,5,5: response 1, turnaround 14 (fig. 7.7)")
        << QByteArray("rr") << 1 << QByteArray() << QByteArray("A:0:5,B:0:5,C:0:5") << QByteArray()
        << QByteArray("13,14,15") << QByteArray("1.00/14.00/9.00") << 14;
    QTest::newRow("scheduler.py -p SJF -l 5,3,3: 3.00 6.67 3.00")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("J0:0:5,J1:0:3,J2:0:3")
        << QByteArray("0-3 J1,3-6 J2,6-11 J0") << QByteArray("11,3,6")
        << QByteArray("3.00/6.67/3.00") << 2;
    QTest::newRow("scheduler.py -p RR -q 2 -l 3,5,2: 2.00 7.67 4.33")
        << QByteArray("rr") << 2 << QByteArray() << QByteArray("J0:0:3,J1:0:5,J2:0:2")
        << QByteArray("0-2 J0,2-4 J1,4-6 J2,6-7 J0,7-10 J1") << QByteArray("7,10,6")
        << QByteArray("2.00/7.67/4.33") << 4;

    // Silberschatz, Galvin, Gagne: Operating System Concepts, 10th ed., section 5.3.
    QTest::newRow("silberschatz fcfs 24,3,3: average wait 17")
        << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("P1:0:24,P2:0:3,P3:0:3")
        << QByteArray("0-24 P1,24-27 P2,27-30 P3") << QByteArray("24,27,30")
        << QByteArray("17.00/27.00/17.00") << 2;
    QTest::newRow("silberschatz fcfs 3,3,24: average wait 3")
        << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("P2:0:3,P3:0:3,P1:0:24")
        << QByteArray("0-3 P2,3-6 P3,6-30 P1") << QByteArray("3,6,30")
        << QByteArray("3.00/13.00/3.00") << 2;
    QTest::newRow("silberschatz sjf 6,8,7,3: average wait 7")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("P1:0:6,P2:0:8,P3:0:7,P4:0:3")
        << QByteArray("0-3 P4,3-9 P1,9-16 P3,16-24 P2") << QByteArray("9,24,16,3")
        << QByteArray("7.00/13.00/7.00") << 3;
    QTest::newRow("silberschatz srtf: average wait 6.5")
        << QByteArray("srtf") << 0 << QByteArray() << QByteArray("P1:0:8,P2:1:4,P3:2:9,P4:3:5")
        << QByteArray("0-1 P1,1-5 P2,5-10 P4,10-17 P1,17-26 P3") << QByteArray("17,5,26,10")
        << QByteArray("4.25/13.00/6.50") << 4;
    QTest::newRow("silberschatz priority: average wait 8.2")
        << QByteArray("priority") << 0 << QByteArray()
        << QByteArray("P1:0:10:3,P2:0:1:1,P3:0:2:4,P4:0:1:5,P5:0:5:2")
        << QByteArray("0-1 P2,1-6 P5,6-16 P1,16-18 P3,18-19 P4") << QByteArray("16,1,18,19,6")
        << QByteArray("8.20/12.00/8.20") << 4;
    // The book prints 5.66 (17/3 cut off); printf("%.2f") rounds to 5.67.
    QTest::newRow("silberschatz rr q=4: total wait 17 (book: 5.66)")
        << QByteArray("rr") << 4 << QByteArray() << QByteArray("P1:0:24,P2:0:3,P3:0:3")
        << QByteArray("0-4 P1,4-7 P2,7-10 P3,10-30 P1") << QByteArray("30,7,10")
        << QByteArray("3.67/15.67/5.67") << 3;
    QTest::newRow("silberschatz priority with round robin q=2")
        << QByteArray("priority-rr") << 2 << QByteArray()
        << QByteArray("P1:0:4:3,P2:0:5:2,P3:0:8:2,P4:0:7:1,P5:0:3:3")
        << QByteArray("0-7 P4,7-9 P2,9-11 P3,11-13 P2,13-15 P3,15-16 P2,16-20 P3,20-22 P1,"
                      "22-24 P5,24-26 P1,26-27 P5")
        << QByteArray("26,16,20,7,27") << QByteArray("11.60/19.20/13.80") << 10;

    // Stallings: Operating Systems, Internals and Design Principles, table 9.5 / figure 9.5
    // (mean turnaround 8.60, 10.80, 10.00, 7.60, 7.20, 8.00).
    const QByteArray stallings("A:0:3,B:2:6,C:4:4,D:6:5,E:8:2");
    QTest::newRow("stallings fcfs")
        << QByteArray("fcfs") << 0 << QByteArray() << stallings << QByteArray()
        << QByteArray("3,9,13,18,20") << QByteArray("4.60/8.60/4.60") << 4;
    QTest::newRow("stallings rr q=1")
        << QByteArray("rr") << 1 << QByteArray() << stallings << QByteArray()
        << QByteArray("4,18,17,20,15") << QByteArray("0.80/10.80/6.80") << -1;
    QTest::newRow("stallings rr q=4")
        << QByteArray("rr") << 4 << QByteArray() << stallings
        << QByteArray("0-3 A,3-7 B,7-11 C,11-15 D,15-17 B,17-19 E,19-20 D")
        << QByteArray("3,17,11,20,19") << QByteArray("3.60/10.00/6.00") << 6;
    QTest::newRow("stallings spn")
        << QByteArray("sjf") << 0 << QByteArray() << stallings
        << QByteArray("0-3 A,3-9 B,9-11 E,11-15 C,15-20 D") << QByteArray("3,9,15,20,11")
        << QByteArray("3.60/7.60/3.60") << 4;
    QTest::newRow("stallings srt")
        << QByteArray("srtf") << 0 << QByteArray() << stallings
        << QByteArray("0-3 A,3-4 B,4-8 C,8-10 E,10-15 B,15-20 D") << QByteArray("3,15,8,20,10")
        << QByteArray("2.00/7.20/3.20") << 5;
    QTest::newRow("stallings hrrn")
        << QByteArray("hrrn") << 0 << QByteArray() << stallings
        << QByteArray("0-3 A,3-9 B,9-13 C,13-15 E,15-20 D") << QByteArray("3,9,13,20,15")
        << QByteArray("4.00/8.00/4.00") << 4;

    // Round robin at the instant a quantum expires: A(0,4), B(2,2), q=2.
    QTest::newRow("rr tie: arrival before the preempted job (default)")
        << QByteArray("rr") << 2 << QByteArray() << QByteArray("A:0:4,B:2:2")
        << QByteArray("0-2 A,2-4 B,4-6 A") << QByteArray("6,4") << QByteArray("0.00/4.00/1.00")
        << 2;
    QTest::newRow("rr tie: arrival after the preempted job")
        << QByteArray("rr") << 2 << QByteArray("arrival-before-preempted=false")
        << QByteArray("A:0:4,B:2:2") << QByteArray("0-4 A,4-6 B") << QByteArray("4,6")
        << QByteArray("1.00/4.00/1.00") << 1;
    // The same tie with a job back from I/O: A computes 1, waits 2, computes 1; B needs 5.
    QTest::newRow("rr tie with an I/O completion, newcomer first")
        << QByteArray("rr") << 2 << QByteArray() << QByteArray("A:0:2:0:1:2,B:0:5")
        << QByteArray("0-1 A,1-3 B,3-4 A,4-7 B") << QByteArray("4,7")
        << QByteArray("0.50/5.50/1.00") << 3;
    QTest::newRow("rr tie with an I/O completion, preempted first")
        << QByteArray("rr") << 2 << QByteArray("arrival-before-preempted=false")
        << QByteArray("A:0:2:0:1:2,B:0:5") << QByteArray("0-1 A,1-5 B,5-6 A,6-7 B")
        << QByteArray("6,7") << QByteArray("0.50/6.50/2.00") << 3;

    // Idle time, simultaneous arrivals, a single job.
    QTest::newRow("idle gap") << QByteArray("fcfs") << 0 << QByteArray()
                              << QByteArray("A:0:2,B:5:3") << QByteArray("0-2 A,2-5 idle,5-8 B")
                              << QByteArray("2,8") << QByteArray("0.00/2.50/0.00") << 1;
    QTest::newRow("idle gap in rr, job arriving to an idle CPU runs at once")
        << QByteArray("rr") << 2 << QByteArray() << QByteArray("A:1:3,B:7:3")
        << QByteArray("1-4 A,4-7 idle,7-10 B") << QByteArray("4,10") << QByteArray("0.00/3.00/0.00")
        << 1;
    QTest::newRow("simultaneous arrivals keep list order")
        << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("C:0:1,A:0:1,B:0:1")
        << QByteArray("0-1 C,1-2 A,2-3 B") << QByteArray("1,2,3") << QByteArray("1.00/2.00/1.00")
        << 2;
    QTest::newRow("sjf tie goes to the earlier arrival")
        << QByteArray("sjf") << 0 << QByteArray() << QByteArray("A:0:5,B:2:3,C:1:3")
        << QByteArray("0-5 A,5-8 C,8-11 B") << QByteArray("5,11,8") << QByteArray("3.33/7.00/3.33")
        << 2;
    QTest::newRow("single job") << QByteArray("rr") << 2 << QByteArray() << QByteArray("A:3:5")
                                << QByteArray("3-8 A") << QByteArray("8")
                                << QByteArray("0.00/5.00/0.00") << 0;

    // Context-switch cost: every switch between two different jobs costs one tick.
    QTest::newRow("switch cost 1")
        << QByteArray("rr") << 2 << QByteArray("switch-cost=1") << QByteArray("A:0:3,B:0:3")
        << QByteArray("0-2 A,2-3 switch,3-5 B,5-6 switch,6-7 A,"
                      "7-8 switch,8-9 B")
        << QByteArray("7,9") << QByteArray("1.50/8.00/5.00") << 3;

    // Priority direction and preemption.
    QTest::newRow("priority higher-first")
        << QByteArray("priority") << 0 << QByteArray("priority-order=higher-first")
        << QByteArray("P1:0:10:3,P2:0:1:1,P3:0:2:4,P4:0:1:5,P5:0:5:2")
        << QByteArray("0-1 P4,1-3 P3,3-13 P1,13-18 P5,18-19 P2") << QByteArray("13,19,3,1,18")
        << QByteArray("7.00/10.80/7.00") << 4;
    QTest::newRow("preemptive priority")
        << QByteArray("ppriority") << 0 << QByteArray() << QByteArray("A:0:5:3,B:1:2:1,C:2:3:2")
        << QByteArray("0-1 A,1-3 B,3-6 C,6-10 A") << QByteArray("10,3,6")
        << QByteArray("0.33/5.33/2.00") << 3;
    QTest::newRow("preemptive priority: equal priority does not preempt")
        << QByteArray("ppriority") << 0 << QByteArray() << QByteArray("A:0:4:2,B:1:2:2")
        << QByteArray("0-4 A,4-6 B") << QByteArray("4,6") << QByteArray("1.50/4.50/1.50") << 1;
    // Aging 2: at 10, B (9, waited 10) and C (5, waited 2) both reach 4; B arrived first.
    QTest::newRow("priority with aging")
        << QByteArray("priority") << 0 << QByteArray("aging=2")
        << QByteArray("A:0:10:1,B:0:2:9,C:8:2:5") << QByteArray("0-10 A,10-12 B,12-14 C")
        << QByteArray("10,12,14") << QByteArray("4.67/9.33/4.67") << 2;
    QTest::newRow("priority without aging")
        << QByteArray("priority") << 0 << QByteArray() << QByteArray("A:0:10:1,B:0:2:9,C:8:2:5")
        << QByteArray("0-10 A,10-12 C,12-14 B") << QByteArray("10,14,12")
        << QByteArray("4.67/9.33/4.67") << 2;
    // Y (6) waiting from 0 with aging 2 is worth 1 at 10, better than X's 2: preempts then.
    QTest::newRow("preemptive priority with aging")
        << QByteArray("ppriority") << 0 << QByteArray("aging=2") << QByteArray("X:0:20:2,Y:0:3:6")
        << QByteArray("0-10 X,10-13 Y,13-23 X") << QByteArray("23,13")
        << QByteArray("5.00/18.00/6.50") << 2;

    // I/O: A computes 2, waits 3, computes 2; waiting excludes the I/O.
    QTest::newRow("fcfs with periodic I/O")
        << QByteArray("fcfs") << 0 << QByteArray() << QByteArray("A:0:4:0:2:3,B:0:3")
        << QByteArray("0-2 A,2-5 B,5-7 A") << QByteArray("7,5") << QByteArray("1.00/6.00/1.00")
        << 2;
}

void TextbookExamples::examples() {
    QFETCH(QByteArray, policy);
    QFETCH(int, quantum);
    QFETCH(QByteArray, settings);
    QFETCH(QByteArray, jobs);
    QFETCH(QByteArray, schedule);
    QFETCH(QByteArray, finishes);
    QFETCH(QByteArray, averages);
    QFETCH(int, switches);

    const Workload workload = jobsFrom(jobs.toStdString());
    const Result result =
        run(policy.toStdString(), quantum, settings.toStdString(), jobs.toStdString());
    if (!schedule.isEmpty())
        QCOMPARE(scheduleText(result, workload), schedule);
    QCOMPARE(finishText(result), finishes);
    QCOMPARE(averagesText(result), averages);
    if (switches >= 0)
        QCOMPARE(static_cast<int>(result.summary.contextSwitches), switches);
}

QTEST_GUILESS_MAIN(TextbookExamples)
#include "test_sched_textbook.moc"
