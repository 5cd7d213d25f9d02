// 进程之间的数据是隔离的 — tutorial 004 on real processes.
// fork() gives the child a copy of the parent's memory: the child's `n = 0` changes
// its own copy, and the parent still sees 100. A Value lives in shared memory instead.
#include "scenarios/isolation/isolation.h"

#include "engine/mp/mp.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace proclab::scenarios::isolation {

using namespace proclab::mp;

namespace {

int n = 100; // 全局变量 n（fork 之后，每个进程各有一份）

std::string str(long v) {
    return std::to_string(v);
}

std::string address(const void* p) {
    char text[32];
    std::snprintf(text, sizeof text, "%p", p);
    return text;
}

// def work(): global n; n = 0
void work(Value<int>& seen, Value<int64_t>& where, Value<int>* shared) {
    n = 0;
    if (shared != nullptr)
        shared->set(0); // 共享内存里的 Value：父进程也看得到
    say("子进程内: " + str(n), "inside the child: " + str(n));
    say("子进程内 n 的地址 " + address(&n), "address of n inside the child " + address(&n));
    seen.set(n);
    where.set(static_cast<int64_t>(reinterpret_cast<std::uintptr_t>(&n)));
}

} // namespace

void run(const Params& p) {
    n = p.integer("n"); // n=100
    const bool useValue = p.flag("shared");
    Value<int> seen(-1, false, "child_n");
    Value<int64_t> where(0, false, "child_address");
    Value<int> shared(n, false, "shared_n"); // multiprocessing.Value('i', 100)

    Process proc([&] { work(seen, where, useValue ? &shared : nullptr); });
    proc.start();
    proc.join(); // 等待子进程执行完毕
    say("主进程内: " + str(n), "inside the main process: " + str(n));
    if (useValue)
        say("主进程内 Value: " + str(shared.value()) +
                "（Value 在共享内存里，子进程改的就是这一份）",
            "inside the main process, the Value: " + str(shared.value()) +
                " (a Value lives in shared memory: the child changed this very copy)");
    say("主进程内 n 的地址 " + address(&n), "address of n inside the main process " + address(&n));

    const bool sameAddress =
        where.value() == static_cast<int64_t>(reinterpret_cast<std::uintptr_t>(&n));
    if (sameAddress)
        say("同一个虚拟地址，两个值：fork 给了子进程一份内存的副本，各改各的",
            "the same virtual address holding two values: fork gave the child its own copy of "
            "the memory, and each changes only its own");
    outcome("initial", p.integer("n"));
    outcome("child_n", seen.value());
    outcome("parent_n", n);
    outcome("same_address", sameAddress ? 1 : 0);
    if (useValue)
        outcome("parent_value", shared.value());
    invariant("parent_still_sees_its_own_n", n == p.integer("n") && seen.value() == 0);
    if (useValue)
        invariant("shared_value_is_seen_by_the_parent", shared.value() == 0);
}

} // namespace proclab::scenarios::isolation
