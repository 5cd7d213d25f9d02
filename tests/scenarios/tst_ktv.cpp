// The KTV lesson: Semaphore(rooms) never lets more than `rooms` users in, free and stepped,
// every user gets in and out once, and the tutorial's lines appear in both languages.
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

} // namespace

class KtvTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void neverMoreThanRooms_data();
    void neverMoreThanRooms();
    void printsWhatTheTutorialPrints();
    void steppedRunIsReproducible();
};

void KtvTest::neverMoreThanRooms_data() {
    QTest::addColumn<int>("rooms");
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("mode"); // 0 free, 1 round-robin, 2 random
    for (int mode = 0; mode < 3; ++mode) {
        const char* name = mode == 0 ? "free" : mode == 1 ? "round-robin" : "random";
        QTest::addRow("%s, 4 rooms 13 users", name) << 4 << 13 << mode;
        QTest::addRow("%s, 1 room 6 users", name) << 1 << 6 << mode;
        QTest::addRow("%s, 3 rooms 30 users", name) << 3 << 30 << mode;
        QTest::addRow("%s, 8 rooms 5 users", name) << 8 << 5 << mode;
    }
}

void KtvTest::neverMoreThanRooms() {
    QFETCH(int, rooms);
    QFETCH(int, users);
    QFETCH(int, mode);
    auto config = mode == 0   ? testConfig()
                  : mode == 1 ? stepConfig()
                              : stepConfig(proclab::control::StepPolicy::Random, 7);
    auto run = runScenario(
        "ktv",
        {"rooms=" + std::to_string(rooms), "users=" + std::to_string(users), "delay_scale=0.02"},
        config);
    QVERIFY(!run.result.timedOut);
    QVERIFY(!run.result.deadlocked);
    const auto out = run.outcomes();
    QVERIFY(out.at("max_inside") >= 1);
    QVERIFY(out.at("max_inside") <= rooms);
    QCOMPARE(out.at("rooms"), rooms);
    QCOMPARE(out.at("users"), users);
    QVERIFY(run.invariantsHeld());
    QCOMPARE(run.errors(), std::size_t{0});
    for (int i = 0; i < users; ++i) {
        const std::string user = "user" + std::to_string(i);
        QCOMPARE(countLine(run, user + " 占到一间ktv小屋", true), std::size_t{1});
        QCOMPARE(countLine(run, user + " 离开了ktv小屋", true), std::size_t{1});
    }
}

void KtvTest::printsWhatTheTutorialPrints() {
    auto run = runScenario("ktv", {}, stepConfig()); // the tutorial's 4 rooms, 13 users, 0-3 s
    QVERIFY(!run.result.timedOut);
    const auto zh = run.lines(true);
    const auto en = run.lines(false);
    QCOMPARE(zh.size(), std::size_t{27});
    QCOMPARE(zh.back(), std::string("=====》"));
    QCOMPARE(en.back(), std::string("=====》"));
    QCOMPARE(countLine(run, "user0 got a KTV room", false), std::size_t{1});
    QCOMPARE(countLine(run, "user12 left the KTV room", false), std::size_t{1});
    // With the tutorial's numbers the rooms do fill up.
    QCOMPARE(run.outcomes().at("max_inside"), 4);
    QVERIFY(run.invariantsHeld());
}

void KtvTest::steppedRunIsReproducible() {
    auto a = runScenario("ktv", {"seed=5"}, stepConfig(proclab::control::StepPolicy::Random, 3));
    auto b = runScenario("ktv", {"seed=5"}, stepConfig(proclab::control::StepPolicy::Random, 3));
    QCOMPARE(a.lines(false), b.lines(false));
    QCOMPARE(a.result.grants, b.result.grants);
}

QTEST_GUILESS_MAIN(KtvTest)
#include "tst_ktv.moc"
