// The traffic-light lesson: ordinary cars only drive on green, police cars run the red
// light after wait(0.1), both tutorial versions, free and stepped.
#include "tests/support/lesson_harness.h"

#include <QtTest>

#include <algorithm>

using proclab::testing::LessonRun;
using proclab::testing::runScenario;
using proclab::testing::stepConfig;
using proclab::testing::testConfig;

namespace {

std::size_t countLine(const LessonRun& run, const std::string& line, bool chinese) {
    const auto lines = run.lines(chinese);
    return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

std::vector<std::string> split(const QString& settings) {
    std::vector<std::string> s;
    for (const auto& item : settings.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        s.push_back(item.toStdString());
    return s;
}

} // namespace

class TrafficLightTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void carsDriveOnlyOnGreen_data();
    void carsDriveOnlyOnGreen();
    void policeRunTheRedLight_data();
    void policeRunTheRedLight();
    void printsWhatTheTutorialPrints();
    void ticksVersion();
};

void TrafficLightTest::carsDriveOnlyOnGreen_data() {
    QTest::addColumn<QString>("settings");
    QTest::addColumn<bool>("step");
    QTest::newRow("toggle, free") << QStringLiteral("delay_scale=0.02") << false;
    QTest::newRow("toggle, free, short interval")
        << QStringLiteral("delay_scale=0.02 interval=1 seed=3") << false;
    QTest::newRow("toggle, round-robin") << QString() << true;
    QTest::newRow("toggle, round-robin, seed 9") << QStringLiteral("seed=9 interval=2") << true;
    QTest::newRow("ticks, free") << QStringLiteral("variant=ticks delay_scale=0.02") << false;
    QTest::newRow("ticks, round-robin") << QStringLiteral("variant=ticks") << true;
}

void TrafficLightTest::carsDriveOnlyOnGreen() {
    QFETCH(QString, settings);
    QFETCH(bool, step);
    const bool ticks = settings.contains(QStringLiteral("ticks"));
    auto run = runScenario("traffic-light", split(settings), step ? stepConfig() : testConfig());
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    const auto out = run.outcomes();
    QCOMPARE(out.at("cars_passed"), ticks ? 30 : 10);
    QCOMPARE(out.at("cars_on_red"), 0);
    QCOMPARE(out.at("police_on_red") + out.at("police_on_green"), 5);
    QVERIFY(out.at("toggles") >= 1);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.errors(), std::size_t{0});
}

void TrafficLightTest::policeRunTheRedLight_data() {
    QTest::addColumn<bool>("step");
    QTest::newRow("free") << false;
    QTest::newRow("round-robin") << true;
}

void TrafficLightTest::policeRunTheRedLight() {
    // The light starts red and stays red for a long interval: every police car waits
    // 0.1 s, the wait returns False, and it goes anyway.
    QFETCH(bool, step);
    auto run =
        runScenario("traffic-light", {"cars=0", "police=3", "interval=60", "delay_scale=0.05"},
                    step ? stepConfig() : testConfig());
    QVERIFY(!run.result.timedOut);
    const auto out = run.outcomes();
    QCOMPARE(out.at("police_on_red"), 3);
    QCOMPARE(out.at("police_on_green"), 0);
    QCOMPARE(out.at("toggles"), 0);
    for (int i = 0; i < 3; ++i) {
        const std::string id = std::to_string(i);
        QCOMPARE(countLine(run, "红灯亮, car" + id + "等着", true), std::size_t{1});
        QCOMPARE(countLine(run, "红灯,警车先走, car " + id, true), std::size_t{1});
        QCOMPARE(countLine(run, "red light, the police car goes first, car " + id, false),
                 std::size_t{1});
    }
    QVERIFY(run.invariantsHeld());
}

void TrafficLightTest::printsWhatTheTutorialPrints() {
    // The tutorial's timings; no police cars, whose "红灯亮, car0等着" reads like a car's.
    auto run = runScenario("traffic-light", {"police=0"}, stepConfig());
    QVERIFY(!run.result.timedOut);
    QCOMPARE(countLine(run, "预备~~~~开始!!!", true), std::size_t{1});
    QVERIFY(countLine(run, "***** 绿灯亮", true) >= 1);
    QVERIFY(countLine(run, "##### 红灯亮", true) >= 1);
    QVERIFY(countLine(run, "***** green light", false) >= 1);
    for (int i = 0; i < 10; ++i) {
        const std::string id = std::to_string(i);
        QCOMPARE(countLine(run, "车开远了,car " + id, true), std::size_t{1});
        QCOMPARE(countLine(run, "car " + id + " drives away", false), std::size_t{1});
        // A car that waited saw the green light before it drove.
        QCOMPARE(countLine(run, "车" + id + " 看见绿灯亮了", true),
                 countLine(run, "红灯亮, car" + id + "等着", true));
    }
    // Some car arrives on red and waits: the lesson shows wait() at work.
    std::size_t waited = 0;
    for (int i = 0; i < 10; ++i)
        waited += countLine(run, "红灯亮, car" + std::to_string(i) + "等着", true);
    QVERIFY(waited >= 1);
    QVERIFY(run.invariantsHeld());
}

void TrafficLightTest::ticksVersion() {
    auto run = runScenario("traffic-light", {"variant=ticks", "cars=2", "police=0"}, stepConfig());
    QVERIFY(!run.result.timedOut);
    QCOMPARE(countLine(run, "car [0] is running..", false), std::size_t{3});
    QCOMPARE(countLine(run, "car [1] is running..", true), std::size_t{3});
    QVERIFY(countLine(run, "绿灯", true) >= 1);
    QVERIFY(countLine(run, "green", false) >= 1);
    QCOMPARE(run.outcomes().at("cars_passed"), 6);
    QVERIFY(run.invariantsHeld());
}

QTEST_GUILESS_MAIN(TrafficLightTest)
#include "tst_traffic_light.moc"
