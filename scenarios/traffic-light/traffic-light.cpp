// 事件 Event — the traffic light of tutorial 004 (and the green/yellow/red ticks of 001):
// the light sets and clears an Event, cars wait() on it, police cars wait only 0.1 s.
#include "scenarios/traffic-light/traffic-light.h"

#include "engine/mp/mp.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace proclab::scenarios::traffic_light {

using namespace proclab::mp;

namespace {

double scale = 1; // delay_scale：所有等待时间的倍数

// random 模块：每个进程在 fork 之后用自己的种子播种，单步运行可以重放
std::mt19937 random_gen;
int randint(int a, int b) {
    return std::uniform_int_distribution<int>(a, b)(random_gen);
}
double uniform(double a, double b) {
    return std::uniform_real_distribution<double>(a, b)(random_gen);
}

// 每辆车走的时候看到的灯（只为最后检查，不属于教程的程序）：1 = 红灯时走的
struct Ledger {
    Array<int> passes;
    Array<int> on_red;
};

// ---- 教程 004 ----

void car(Event& e, int n, Ledger& cars) {
    const std::string id = std::to_string(n);
    while (true) {
        if (!e.is_set()) { // 进程刚开启，is_set()的值是False，模拟信号灯为红色
            say("红灯亮, car" + id + "等着", "red light, car" + id + " waits");
            e.wait(); // 阻塞，等待is_set()的值变成True，模拟信号灯为绿色
            say("车" + id + " 看见绿灯亮了", "car" + id + " sees the green light");
            mp::sleep(randint(2, 4) * scale);
        }
        const bool green = e.is_set(); // 走之前再看一眼灯
        if (!green) // 如果is_set()的值是False，也就是红灯，仍然回到while语句开始
            continue;
        say("车开远了,car " + id, "car " + id + " drives away");
        cars.passes.set(n, 1);
        cars.on_red.set(n, green ? 0 : 1);
        break;
    }
}

void police_car(Event& e, int n, Ledger& police) {
    const std::string id = std::to_string(n);
    if (!e.is_set()) { // 红灯
        say("红灯亮, car" + id + "等着", "red light, car" + id + " waits");
        e.wait(0.1 * scale); // 等待0.1s之后没有等到绿灯就闯红灯走了
    }
    const bool green = e.is_set();
    if (!green)
        say("红灯,警车先走, car " + id, "red light, the police car goes first, car " + id);
    else
        say("绿灯，警车走, car " + id, "green light, the police car goes, car " + id);
    police.passes.set(n, 1);
    police.on_red.set(n, green ? 0 : 1);
}

// 信号灯必须是单独的进程，它不管你车开到哪了，就按自己的规律来闪烁变换
void traffic_lights(Event& e, double interval, Value<int>& toggles) {
    while (true) {
        mp::sleep(interval * scale);
        if (e.is_set()) {
            e.clear(); // ---->将is_set()的值设置为False
            say("##### 红灯亮", "##### red light");
        } else {
            e.set(); // ---->将is_set()的值设置为True
            say("***** 绿灯亮", "***** green light");
        }
        toggles.set(toggles.value() + 1);
    }
}

// ---- 教程 001：绿灯 30 拍、黄灯 5 拍、红灯 25 拍，每拍 0.3 秒 ----

void ligher(Event& event, Value<int>& toggles) {
    int count = 0;
    std::string shown; // 原程序每一拍都打印一次颜色，这里只在变色时打印
    while (true) {
        std::string color;
        if (count < 30) {
            if (!event.is_set()) {
                event.set();
                toggles.set(toggles.value() + 1);
            }
            color = "green";
        } else if (count < 35) {
            color = "yellow"; // 黄灯：flag 仍是 True，车照样走
        } else if (count < 60) {
            if (event.is_set()) {
                event.clear();
                toggles.set(toggles.value() + 1);
            }
            color = "red";
        } else {
            count = 0;
        }
        if (!color.empty() && color != shown) {
            say(color == "green" ? "绿灯" : color == "yellow" ? "黄灯" : "红灯", color);
            shown = color;
        }
        count += 1;
        mp::sleep(0.3 * scale);
    }
}

constexpr int kLaps = 3; // 原程序的车 while True 一直开；这里每辆车过 3 次路口

void car_ticks(Event& event, int n, Ledger& cars) {
    const std::string id = std::to_string(n);
    for (int count = 0; count < kLaps; ++count) {
        const bool green = event.wait(); // wait() 返回时灯的状态
        say("car [" + id + "] is running..");
        cars.passes.set(n, cars.passes.get(n) + 1);
        cars.on_red.set(n, cars.on_red.get(n) + (green ? 0 : 1));
        mp::sleep(1 * scale);
    }
}

int sum(const Array<int>& a) {
    int total = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        total += a.get(i);
    return total;
}

} // namespace

void run(const Params& p) {
    const bool ticks = p.choice("variant") == "ticks";
    const int n_cars = p.integer("cars");
    const int n_police = p.integer("police");
    const double interval = p.real("interval");
    const int seed = p.integer("seed");
    scale = p.real("delay_scale");
    random_gen.seed(static_cast<unsigned>(seed));

    Event e("e"); // 创建一个事件对象，默认 False：红灯
    Value<int> toggles(0, false, "toggles");
    const auto slots = [](int n) { return static_cast<std::size_t>(std::max(n, 1)); };
    Ledger cars{Array<int>(slots(n_cars), false, "cars"),
                Array<int>(slots(n_cars), false, "cars_on_red")};
    Ledger police{Array<int>(slots(n_police), false, "police"),
                  Array<int>(slots(n_police), false, "police_on_red")};

    // 创建一个进程控制红绿灯。教程是在车都来了之后才开灯；这里先开灯，车在不同的灯色下到达。
    // 守护进程：主进程的代码结束，信号灯也就关了。
    Process t(ticks ? Process::Target([&] { ligher(e, toggles); })
                    : Process::Target([&] { traffic_lights(e, interval, toggles); }),
              "信号灯");
    t.daemon = true;
    t.start();
    say("预备~~~~开始!!!", "ready ~~~~ go!!!");

    std::vector<Process> ps;
    for (int i = 0; i < n_cars; ++i) { // 创建10个进程控制10辆车
        // 车不是一下子全过来（教程写的 random.random(1, 3) 会报错，本意是 uniform(1, 3)）
        mp::sleep(uniform(1, 3) * scale);
        const unsigned car_seed = static_cast<unsigned>(seed * 1000 + i);
        ps.emplace_back(
            [&, i, car_seed] {
                random_gen.seed(car_seed);
                if (ticks)
                    car_ticks(e, i, cars);
                else
                    car(e, i, cars);
            },
            "car" + std::to_string(i));
        ps.back().start();
    }
    for (int i = 0; i < n_police; ++i) { // 创建5个进程控制5辆警车
        ps.emplace_back([&, i] { police_car(e, i, police); }, "警车" + std::to_string(i));
        ps.back().start();
    }
    for (auto& proc : ps)
        proc.join();

    const int cars_passed = sum(cars.passes);
    const int cars_on_red = sum(cars.on_red);
    const int police_on_red = sum(police.on_red);
    outcome("cars_passed", cars_passed);
    outcome("cars_on_red", cars_on_red);
    outcome("police_on_red", police_on_red);
    outcome("police_on_green", sum(police.passes) - police_on_red);
    outcome("toggles", toggles.value());
    invariant("no_car_on_red", cars_on_red == 0);
    invariant("every_car_passed", cars_passed == n_cars * (ticks ? kLaps : 1));
}

} // namespace proclab::scenarios::traffic_light
