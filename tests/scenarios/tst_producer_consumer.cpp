// The producer-consumer lesson: one None per eater ends everyone and every item is
// eaten exactly once; one None too few leaves an eater waiting forever (a deadlock the
// host detects); the JoinableQueue version with daemon eaters.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;
using proclab::trace::Op;

std::vector<std::string> split(const QString& settings) {
    std::vector<std::string> out;
    for (const auto& item : settings.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        out.push_back(item.toStdString());
    return out;
}

proclab::host::HostConfig configFor(bool step) {
    return step ? stepConfig() : testConfig();
}

bool nothingLeft(const LessonRun& run) {
    std::set<int> pids;
    for (std::size_t i = 0; i < run.records.size(); ++i) {
        if ((run.records[i].flags & proclab::trace::kFlagHost) == 0)
            pids.insert(run.records[i].pid);
        i += proclab::trace::payloadRecordsOf(run.records[i]);
    }
    for (int pid : pids)
        if (!proclab::testing::processGone(pid))
            return false;
    return !pids.empty();
}

std::size_t countContaining(const std::vector<std::string>& lines, const std::string& part) {
    return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [&](const auto& l) {
        return l.find(part) != std::string::npos;
    }));
}

bool hasLineEndingWith(const std::vector<std::string>& lines, const std::string& tail) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const auto& l) { return l.ends_with(tail); });
}

} // namespace

class ProducerConsumerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyItemEatenOnce_data();
    void everyItemEatenOnce();
    void printsWhatTheTutorialPrints();
    void tooFewSentinelsNeverEnds_data();
    void tooFewSentinelsNeverEnds();
    void joinableQueueWithDaemonEaters_data();
    void joinableQueueWithDaemonEaters();
    void manyItemsFullSpeed();
    void steppedRunRepeatsExactly();
};

void ProducerConsumerTest::everyItemEatenOnce_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::addColumn<int>("items");
    for (bool step : {false, true}) {
        const QString mode = step ? QStringLiteral("stepped") : QStringLiteral("free");
        QTest::newRow(qPrintable(mode + QStringLiteral(", the tutorial's 3 cooks, 2 eaters")))
            << QStringLiteral("delay_scale=0.02 seed=1") << step << 6;
        QTest::newRow(qPrintable(mode + QStringLiteral(", slow eaters, maxsize 2")))
            << QStringLiteral("producers=2 consumers=3 items=5 maxsize=2 speeds=slow-consumers "
                              "delay_scale=0.02 seed=2")
            << step << 10;
        QTest::newRow(qPrintable(mode + QStringLiteral(", slow cooks")))
            << QStringLiteral("producers=1 consumers=4 items=8 speeds=slow-producers "
                              "delay_scale=0.02 seed=3")
            << step << 8;
        QTest::newRow(qPrintable(mode + QStringLiteral(", no waiting, maxsize 1")))
            << QStringLiteral("producers=4 consumers=4 items=10 maxsize=1 speeds=none") << step
            << 40;
    }
}

void ProducerConsumerTest::everyItemEatenOnce() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    QFETCH(int, items);
    auto run = runScenario("producer-consumer", split(settings), configFor(step));
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(run.result.mainExitCode, 0);
    const auto out = run.outcomes();
    QCOMPARE(out.at("produced"), items);
    QCOMPARE(out.at("consumed"), items);
    QCOMPARE(out.at("lost"), 0);
    QCOMPARE(out.at("duplicated"), 0);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.invariants().size(), std::size_t{2});
    const auto zh = run.lines(true);
    QCOMPARE(countContaining(zh, " 生产了 "), static_cast<std::size_t>(items));
    QCOMPARE(countContaining(zh, " 吃 "), static_cast<std::size_t>(items));
    QCOMPARE(std::count(zh.begin(), zh.end(), std::string("主")), 1);
    QVERIFY(nothingLeft(run));
}

void ProducerConsumerTest::printsWhatTheTutorialPrints() {
    auto run = runScenario("producer-consumer", {"delay_scale=0.01", "seed=4"}, stepConfig());
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    for (const char* food : {"包子0", "包子1", "骨头0", "骨头1", "泔水0", "泔水1"}) {
        QVERIFY2(hasLineEndingWith(zh, std::string(" 生产了 ") + food), food);
        QVERIFY2(hasLineEndingWith(zh, std::string(" 吃 ") + food), food);
    }
    for (const char* food : {"baozi0", "baozi1", "bone0", "bone1", "swill0", "swill1"}) {
        QVERIFY2(hasLineEndingWith(en, std::string(" produced ") + food), food);
        QVERIFY2(hasLineEndingWith(en, std::string(" eats ") + food), food);
    }
    // '%s 生产了 %s' % (os.getpid(), res): the line starts with the cook's pid.
    const auto it = std::find_if(zh.begin(), zh.end(), [](const auto& l) {
        return l.find(" 生产了 ") != std::string::npos;
    });
    QVERIFY(it != zh.end());
    QVERIFY(std::isdigit(static_cast<unsigned char>((*it)[0])));
    QCOMPARE(std::count(en.begin(), en.end(), std::string("main")), 1);
    QCOMPARE(run.outcomes().at("sentinels"), 2);
}

void ProducerConsumerTest::tooFewSentinelsNeverEnds_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("stepped") << true;
}

void ProducerConsumerTest::tooFewSentinelsNeverEnds() {
    QFETCH(bool, step);
    auto run =
        runScenario("producer-consumer",
                    {"variant=too-few-sentinels", "delay_scale=0.02", "seed=5"}, configFor(step));
    // The eater left without a None waits in q.get() forever, the main process in join():
    // the host sees every process blocked and ends the run.
    QVERIFY(run.result.deadlocked);
    QVERIFY(!run.result.timedOut);
    QCOMPARE(run.count(Op::Deadlock), std::size_t{1});
    const auto out = run.outcomes();
    QCOMPARE(out.at("sentinels"), 1);
    QCOMPARE(out.at("produced"), 6);
    QVERIFY(out.find("consumed") == out.end()); // never reached
    const auto zh = run.lines(true);
    QCOMPARE(countContaining(zh, " 吃 "), std::size_t{6}); // everything was eaten first
    QCOMPARE(std::count(zh.begin(), zh.end(), std::string("主")), 1);
    QVERIFY(nothingLeft(run));
}

void ProducerConsumerTest::joinableQueueWithDaemonEaters_data() {
    QTest::addColumn<bool>("step");
    QTest::addColumn<QString>("settings");
    QTest::newRow("free") << false << QStringLiteral("delay_scale=0.05 seed=6");
    QTest::newRow("stepped") << true << QStringLiteral("delay_scale=0.05 seed=6");
    QTest::newRow("stepped, 10 items each, JoinableQueue(5)")
        << true << QStringLiteral("items=10 maxsize=5 seed=7");
    QTest::newRow("free, no waiting") << false << QStringLiteral("items=50 speeds=none");
}

void ProducerConsumerTest::joinableQueueWithDaemonEaters() {
    QFETCH(bool, step);
    QFETCH(QString, settings);
    auto s = split(settings);
    s.push_back("variant=joinable");
    auto run = runScenario("producer-consumer", s, configFor(step));
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    QCOMPARE(run.result.mainExitCode, 0);
    const auto out = run.outcomes();
    QCOMPARE(out.at("produced"), out.at("consumed"));
    QCOMPARE(out.at("lost"), 0);
    QCOMPARE(out.at("duplicated"), 0);
    QVERIFY(run.invariantsHeld());
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    for (const char* cook : {"包子", "骨头", "泔水"}) {
        QCOMPARE(std::count(zh.begin(), zh.end(), std::string(cook) + "生产结束"), 1);
        QCOMPARE(std::count(zh.begin(), zh.end(), std::string(cook) + "生产结束~~~~~"), 1);
    }
    QCOMPARE(std::count(en.begin(), en.end(), std::string("baozi: all made and eaten~~~~~")), 1);
    // 主 comes after every cook's q.join() returned, i.e. after everything was eaten.
    QCOMPARE(zh.back(), std::string("主"));
    // The two daemon eaters were terminated when the main process's code ended.
    QCOMPARE(run.count(Op::Terminate), std::size_t{2});
    QVERIFY(nothingLeft(run));
}

void ProducerConsumerTest::manyItemsFullSpeed() {
    auto run = runScenario("producer-consumer",
                           {"producers=2", "consumers=2", "items=5000", "speeds=none"});
    const auto out = run.outcomes();
    QCOMPARE(out.at("produced"), 10000);
    QCOMPARE(out.at("consumed"), 10000);
    QCOMPARE(out.at("duplicated"), 0);
    QVERIFY(run.invariantsHeld());
}

void ProducerConsumerTest::steppedRunRepeatsExactly() {
    // Seeded delays and every wait inside the mp API: the same grants, the same story.
    for (const char* variant : {"variant=sentinel", "variant=joinable"}) {
        auto a = runScenario("producer-consumer", {variant, "seed=9"},
                             stepConfig(proclab::control::StepPolicy::Random, 4));
        auto b = runScenario("producer-consumer", {variant, "seed=9"},
                             stepConfig(proclab::control::StepPolicy::Random, 4));
        QVERIFY(!a.result.grants.empty());
        // At the very end the main process terminates its daemons and joins them: whether
        // that join needs one more grant depends on how fast the kernel kills them.
        auto lessonGrants = [](std::vector<std::string> grants) {
            while (!grants.empty() && grants.back() == "main")
                grants.pop_back();
            return grants;
        };
        QCOMPARE(lessonGrants(a.result.grants), lessonGrants(b.result.grants));
        auto strip = [](std::vector<std::string> lines) { // pids differ from run to run
            for (auto& l : lines)
                l = l.substr(l.find(' ') + 1);
            return lines;
        };
        QCOMPARE(strip(a.lines(false)), strip(b.lines(false)));
    }
}

QTEST_GUILESS_MAIN(ProducerConsumerTest)
#include "tst_producer_consumer.moc"
