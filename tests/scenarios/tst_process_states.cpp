// The process-states lesson: every process names its transitions on the five-state
// diagram as they happen; they must follow the diagram, the reader must block in sleep
// and in recv (the kernel shows it as S), and every process must terminate.
#include "tests/support/lesson_checks.h"

#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace proclab::testing;

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;

} // namespace

class ProcessStatesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void transitionsFollowTheDiagram_data();
    void transitionsFollowTheDiagram();
    void readyQueueIsSeenWhenSharingOneCpu();
    void printsTheTransitionsAsTheyHappen_data();
    void printsTheTransitionsAsTheyHappen();
};

void ProcessStatesTest::transitionsFollowTheDiagram_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("cruncher");
    for (bool step : {false, true}) {
        const char* mode = step ? "stepped" : "free";
        QTest::addRow("%s, defaults scaled", mode)
            << QStringLiteral("delay_scale=0.1 compute_ms=50") << step << 2;
        QTest::addRow("%s, no cruncher", mode)
            << QStringLiteral("delay_scale=0.1 cpu_tasks=0") << step << 0;
        QTest::addRow("%s, 3 crunchers on every CPU", mode)
            << QStringLiteral("delay_scale=0.1 compute_ms=30 cpu_tasks=3 one_cpu=false") << step
            << 3;
    }
}

void ProcessStatesTest::transitionsFollowTheDiagram() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    QFETCH(int, cruncher);
    auto run = runScenario("process-states", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.result.mainExitCode, 0);
    QVERIFY(run.invariantsHeld());
    const auto out = run.outcomes();
    QCOMPARE(out.at("processes"), cruncher + 1);
    QCOMPARE(out.at("terminated"), cruncher + 1);
    QCOMPARE(out.at("transitions_ok"), 1);
    // ready→running, running→blocked (sleep), blocked→ready→running,
    // running→blocked (recv), blocked→ready→running, running→terminated
    QCOMPARE(out.at("reader_transitions"), 8);
    QCOMPARE(out.at("blocked_recv"), 1);
    QCOMPARE(out.at("received"), 1);
    QCOMPARE(out.at("kernel_blocked"), 1); // the kernel showed the reader as S in recv
    QVERIFY(out.at("preempted") >= 0);
    QVERIFY(nothingLeft(run));
}

void ProcessStatesTest::readyQueueIsSeenWhenSharingOneCpu() {
    // Two compute-bound processes on one CPU: the kernel's books show one waiting in the
    // ready queue or being switched out. Counted over a few runs, never timed.
    int seen = 0;
    for (int i = 0; i < 3; ++i) {
        auto run = runScenario("process-states", {"delay_scale=0", "compute_ms=100"});
        QVERIFY(run.invariantsHeld());
        const auto out = run.outcomes();
        seen += out.at("preempted") > 0 || out.at("ready_ms") > 0 ? 1 : 0;
    }
    QVERIFY(seen >= 1);
}

void ProcessStatesTest::printsTheTransitionsAsTheyHappen_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void ProcessStatesTest::printsTheTransitionsAsTheyHappen() {
    QFETCH(bool, step);
    auto run = runScenario("process-states", {"delay_scale=0.1", "compute_ms=20"}, configFor(step));
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    // Five-state: new, new → ready for every process, from the main process.
    for (const std::string who : {"计算1", "计算2", "读者"}) {
        const auto created = indexOf(zh, who + ": 新建态（Process 对象已经创建，还没有 start）");
        const auto started =
            indexOf(zh, who + ": 新建态 → 就绪态（start()：操作系统创建了进程，等待被调度）");
        QVERIFY(created >= 0);
        QVERIFY(started > created);
        QVERIFY(indexOf(zh, who + ": 终止态，join 回收了它（exitcode 0）") > started);
    }
    // The reader's path, in order.
    const std::vector<std::string> path = {
        "读者: 就绪态 → 运行态（被调度到 CPU 上）",
        "读者: 运行态 → 阻塞态（time.sleep(1)：等时间过去）",
        "读者: 阻塞态 → 就绪态 → 运行态（sleep 完成了：事件发生，回到就绪队列，再被调度）",
        "读者: 运行态 → 阻塞态（conn.recv()：管道里还没有数据，等数据）",
        "ps 读者: STAT S = 阻塞态",
        "主进程 conn.send('数据')：读者等待的事件发生了",
        "读者: 阻塞态 → 就绪态 → 运行态（收到 '数据'：数据来了，回到就绪队列，再被调度）",
        "读者: 运行态 → 终止态（任务结束）",
    };
    std::ptrdiff_t last = -1;
    for (const auto& line : path) {
        const auto at = indexOf(zh, line);
        QVERIFY2(at > last, line.c_str());
        last = at;
    }
    QVERIFY(contains(en, "reader: running → blocked (time.sleep(1): waits for time to pass)"));
    QVERIFY(contains(en, "reader: running → blocked (conn.recv(): the pipe is empty, waits for "
                         "data)"));
    QVERIFY(contains(en, "cruncher 1: ready → running (scheduled onto a CPU, starts computing)"));
    QVERIFY(contains(en, "cruncher 2: running → terminated (its task is done)"));
    QVERIFY(std::any_of(zh.begin(), zh.end(), [](const std::string& line) {
        return line.starts_with("计算1: 算完了。在 CPU 上运行了 ") &&
               line.find("在就绪队列里等了 ") != std::string::npos;
    }));
}

QTEST_GUILESS_MAIN(ProcessStatesTest)
#include "tst_process_states.moc"
