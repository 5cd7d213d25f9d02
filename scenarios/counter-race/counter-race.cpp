// 共享内存与丢失的更新 — tutorial 003's Value('i', 0) incremented 5 × 1000 times, and the
// Manager dict {'count': 100} of tutorials 000/004 decremented by 100 processes.
#include "scenarios/counter-race/counter-race.h"

#include "engine/mp/mp.h"

#include <string>
#include <vector>

namespace proclab::scenarios::counter_race {

using namespace proclab::mp;

namespace {

// value.value += 1 不是原子操作：先读，再写，两步之间别的进程可以插进来
void proc_test1(Value<int>& value, int increments, bool lock, Event& go) {
    go.wait(); // 等主进程发令：所有进程一起开跑
    for (int i = 0; i < increments; ++i) {
        if (lock) {
            With with(value.get_lock()); // with value.get_lock():
            value.set(value.value() + 1);
        } else {
            value.set(value.value() + 1); // value.value += 1
        }
    }
}

// d['count'] -= 1，d 是 Manager().dict({'count': 100})；这里用一个共享 Value 代替它
void work(Value<int>& d, Lock& lock, bool locked, Event& go) {
    go.wait();
    if (locked) {
        With with(lock); // with lock:
        d.set(d.value() - 1);
    } else {
        d.set(d.value() - 1); // 不加锁而操作共享的数据, 肯定会出现数据错乱
    }
}

} // namespace

void run(const Params& p) {
    const bool lock = p.flag("lock");
    const bool dict = p.choice("variant") == "manager_dict";
    const int processes = dict ? p.integer("dict_processes") : p.integer("processes");
    const int increments = dict ? 1 : p.integer("increments");

    Value<int> value(0, true, "value"); // Value("i", 0)
    Value<int> d(100, false, "count");  // m.dict({'count': 100})
    Lock dict_lock("lock");
    Event go("go");

    std::vector<Process> p_list;
    for (int i = 0; i < processes; ++i) {
        if (dict)
            p_list.emplace_back([&] { work(d, dict_lock, lock, go); });
        else
            p_list.emplace_back([&] { proc_test1(value, increments, lock, go); });
    }
    for (auto& proc : p_list) // 批量启动
        proc.start();
    go.set(); // 全部启动之后才放行：让它们真正同时去改同一个数
    for (auto& proc : p_list) // 批量资源回收
        proc.join();

    int final_value = 0;
    int expected = 0;
    if (dict) {
        final_value = d.value();
        expected = 100 - processes;
        say("{'count': " + std::to_string(final_value) + "}"); // print(dic)
    } else {
        final_value = value.value();
        expected = processes * increments;
        say(std::to_string(final_value)); // print(value.value)
    }
    outcome("final", final_value);
    outcome("expected", expected);
    outcome("lost", dict ? final_value - expected : expected - final_value);
    invariant("no_lost_updates", final_value == expected, lock);
}

} // namespace proclab::scenarios::counter_race
