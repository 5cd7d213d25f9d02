// 开启子进程 — tutorials 003/004 (multiprocessing 模块, Process 类) on real processes.
// Process(target=...).start() is a real fork(); parent and child run asynchronously
// until the parent join()s, which waits for the child (waitpid underneath).
#include "scenarios/process-basics/process-basics.h"

#include "engine/mp/mp.h"

#include <optional>
#include <string>
#include <vector>

namespace proclab::scenarios::process_basics {

using namespace proclab::mp;

namespace {

double scale = 1; // delay_scale: 1 = the tutorial's time.sleep(1)

std::string str(long v) {
    return std::to_string(v);
}

std::string code(const std::optional<int>& exitcode) {
    return exitcode ? str(*exitcode) : "None";
}

// 一、def func(): 子进程打印自己的 pid 和父进程的 pid
void func(Array<int>& ids) {
    say("aaaa");
    mp::sleep(1 * scale);
    say("子进程>> " + str(getpid()), "child process >> " + str(getpid()));
    say("该子进程的父进程>> " + str(getppid()), "this child's parent >> " + str(getppid()));
    say("12345");
    ids.set(0, getpid());
    ids.set(1, getppid());
}

// 二、三、def func(x, y): 给要执行的函数传参数（每个参数带中文和英文）
struct Words {
    std::string zh, en;
};
void func2(const Words& x, const Words& y, double nap) {
    say(x.zh, x.en);
    if (nap > 0)
        mp::sleep(nap);
    say(y.zh, y.en);
}

} // namespace

void run(const Params& p) {
    scale = p.real("delay_scale");
    const int n = p.integer("children");
    const std::string how = p.choice("join");
    Array<int> ids(2, false, "ids");           // 子进程报告的 pid 和 ppid
    Array<int> done(n + 1, false, "finished"); // 哪些子进程已经执行完

    // 一、开启一个子进程：主进程和子进程是异步执行的
    Process p1([&] { func(ids); });
    p1.start();
    say(std::string(10, '*'));
    say("父进程>> " + str(getpid()), "parent process >> " + str(getpid()));
    say("父进程的父进程>> " + str(getppid()), "the parent's parent >> " + str(getppid()));
    p1.join(); // 父进程回收子进程资源（内部调用了 wait 系列方法）

    // 二、join：主进程在 join 的地方阻塞，等子进程执行完，异步变同步
    Process p2([&] {
        func2({"姑娘", "miss"}, {"来玩啊! ", "come and have fun! "}, 1 * scale);
        done.set(0, 1);
    });
    p2.start();
    const bool aliveBefore = p2.is_alive();
    const auto codeBefore = p2.exitcode();
    say("p.name=" + p2.name() + " p.pid=" + str(p2.pid()) +
        " p.is_alive()=" + (aliveBefore ? "True" : "False") + " p.exitcode=" + code(codeBefore));
    say("我这里是异步的啊! ", "I am asynchronous here! ");
    p2.join(); // 只有在 join 的地方才会阻塞住
    const bool joinWaited = done.get(0) == 1;
    say("父进程执行结束! ", "the parent is done! ");
    const bool aliveAfter = p2.is_alive();
    say("p.is_alive()=" + std::string(aliveAfter ? "True" : "False") +
        " p.exitcode=" + code(p2.exitcode()));

    // 三、开启多个子进程，全部执行完之后主进程再继续
    std::vector<Process> p_lst;
    for (int i = 0; i < n; ++i) {
        p_lst.emplace_back([&, i] {
            func2({"姑娘" + str(i), "miss " + str(i)}, {"来玩啊！ ", "come and have fun! "}, 0);
            done.set(static_cast<std::size_t>(i) + 1, 1);
        });
        p_lst.back().start();
        if (how == "in_loop")
            p_lst.back().join(); // 1、join 写在 for 循环里：全部变成同步的了
    }
    if (how == "all")
        for (auto& proc : p_lst)
            proc.join(); // 4、for p in p_lst: p.join()
    if (how == "last")
        p_lst.back().join(); // 3、只 join 最后一个：主进程可能比一些子进程先执行完
    int finished = 0;
    for (int i = 1; i <= n; ++i)
        finished += done.get(static_cast<std::size_t>(i));
    say("不要钱~~~~~! ", "free of charge~~~~~! ");
    for (auto& proc : p_lst)
        proc.join(); // 其余的子进程（Python 在主进程退出时也会 join 它们）
    int exitedOk = 0;
    for (auto& proc : p_lst)
        exitedOk += proc.exitcode() == 0 ? 1 : 0;

    outcome("main_pid", getpid());
    outcome("main_ppid", getppid());
    outcome("child_pid", ids.get(0));
    outcome("child_ppid", ids.get(1));
    outcome("alive_before_join", aliveBefore ? 1 : 0);
    outcome("exitcode_before_join", codeBefore.value_or(-1));
    outcome("alive_after_join", aliveAfter ? 1 : 0);
    outcome("exitcode_after_join", p2.exitcode().value_or(-1));
    outcome("children", n);
    outcome("finished_before_main", finished);
    outcome("exited_ok", exitedOk);
    invariant("child_ppid_is_its_parent", ids.get(1) == getpid() && ids.get(0) == p1.pid());
    invariant("join_waits_for_the_child", joinWaited && !aliveAfter && p2.exitcode() == 0);
    invariant("all_joined_before_main_goes_on", finished == n, how != "last");
    invariant("every_child_exited_ok", exitedOk == n);
}

} // namespace proclab::scenarios::process_basics
