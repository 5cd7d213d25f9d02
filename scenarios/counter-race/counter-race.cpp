// 共享内存与丢失的更新 — tutorial 003's Value('i', 0) incremented 5 × 1000 times, and the
// Manager dict {'count': 100} of tutorials 000/004 decremented by 100 processes.
#include "scenarios/counter-race/counter-race.h"

#include "engine/mp/mp.h"

#include <string>
#include <vector>

namespace proclab::scenarios::counter_race {

using namespace proclab::mp;

namespace {

// Value("i", 0) 默认带一把锁（sharedctypes.Synchronized）：读 value.value 加一次锁，
// 写 value.value 再加一次锁。可是 value.value += 1 是“读”和“写”两次访问，
// 两次之间锁是放开的 —— 别的进程正好可以插进来。
int read(Value<int>& value) {
    With with(value.get_lock());
    return value.value();
}
void write(Value<int>& value, int v) {
    With with(value.get_lock());
    value.set(v);
}

void proc_test1(Value<int>& value, int increments, bool lock, Event& go) {
    go.wait(); // 等主进程发令：所有进程一起开跑
    for (int i = 0; i < increments; ++i) {
        if (lock) {
            With with(value.get_lock()); // with value.get_lock(): 整个 += 1 都在锁里
            write(value, read(value) + 1);
        } else {
            write(value, read(value) + 1); // value.value += 1
        }
    }
}

// d['count'] -= 1，d 是 Manager().dict({'count': 100})：读和写各是一次对 Manager
// 服务进程的访问。这里用一个共享 Value 代替 Manager 字典，道理相同。
void work(Value<int>& d, Lock& lock, bool locked, Event& go) {
    go.wait();
    if (locked) {
        With with(lock); // with lock:
        write(d, read(d) - 1);
    } else {
        write(d, read(d) - 1); // 不加锁而操作共享的数据, 肯定会出现数据错乱
    }
}

} // namespace

void run(const Params& p) {
    const bool lock = p.flag("lock");
    const bool dict = p.choice("variant") == "manager_dict";
    const int processes = dict ? p.integer("dict_processes") : p.integer("processes");
    const int increments = p.integer("increments");

    Value<int> value(0, true, "value"); // Value("i", 0)
    Value<int> dic(100, true, "dic");   // m.dict({'count': 100})
    Lock dict_lock("lock");
    Event go("go");

    std::vector<Process> p_list;
    for (int i = 0; i < processes; ++i) {
        if (dict)
            p_list.emplace_back([&] { work(dic, dict_lock, lock, go); });
        else
            p_list.emplace_back([&] { proc_test1(value, increments, lock, go); });
    }
    for (auto& proc : p_list) // 批量启动
        proc.start();
    go.set(); // 全部启动之后才一起放行：让它们真的同时去改同一个数
    for (auto& proc : p_list) // 批量资源回收
        proc.join();

    int final_value = 0;
    int expected = 0;
    if (dict) {
        final_value = read(dic);
        expected = 100 - processes;
        say("{'count': " + std::to_string(final_value) + "}"); // print(dic)
    } else {
        final_value = read(value);
        expected = processes * increments;
        say(std::to_string(final_value)); // print(value.value)
    }
    outcome("final", final_value);
    outcome("expected", expected);
    outcome("lost", dict ? final_value - expected : expected - final_value);
    invariant("no_lost_updates", final_value == expected, lock);
}

} // namespace proclab::scenarios::counter_race
