// 僵尸进程 — tutorial 004 (僵尸进程与孤儿进程, 四：测试) on real processes.
// A child that has exited stays in the kernel's process table as a zombie (STAT Z,
// <defunct>) until its parent waits for it. Fixes: join() (it calls waitpid), or
// kill the parent: the zombies become orphans, and their adopter reaps them. Here
// ProcLab's host stands in for init (pid 1) as that adopter.
#include "scenarios/zombie/zombie.h"

#include "engine/mp/mp.h"
#include "scenarios/zombie/ps.h"

#include <algorithm>
#include <string>
#include <vector>

namespace proclab::scenarios::zombie {

using namespace proclab::mp;

namespace {

double scale = 1; // delay_scale: 1 = the tutorial's seconds

std::string str(long v) {
    return std::to_string(v);
}

// ps 一下：打印内核看到的这个进程，返回它的 STAT（'X'：已经不存在了）
char ps_show(int pid) {
    const auto s = ps::stat(pid);
    if (!s) {
        say("ps: 进程 " + str(pid) + " 已经不存在了（被回收了）",
            "ps: process " + str(pid) + " no longer exists (it has been reaped)");
        return 'X';
    }
    say("ps: " + ps::line(*s));
    return s->state;
}

char state_of(int pid) {
    const auto s = ps::stat(pid);
    return s ? s->state : 'X';
}

// ps aux | grep Z：ppid 的子进程里的僵尸
std::vector<ps::Stat> zombies_of(int ppid) {
    std::vector<ps::Stat> kids = ps::children(ppid);
    std::erase_if(kids, [](const ps::Stat& s) { return s.state != 'Z'; });
    return kids;
}

// def run(): print('子', os.getpid())
void run_child() {
    say("子 " + str(getpid()), "child " + str(getpid()));
}

// 父进程：定期开一个子进程，子进程做完一点事就退出；父进程是个死循环，从不 wait/join
void spawner(int children) {
    std::vector<Process> kids;
    for (int i = 0; i < children; ++i) {
        kids.emplace_back(run_child);
        kids.back().start();
        mp::sleep(0.1 * scale);
    }
    say("父进程还在死循环里忙，从来不 wait/join 它的子进程",
        "the parent is still busy in its endless loop and never waits for (joins) its children");
    for (;;)
        mp::sleep(1); // while True: time.sleep(1)
}

} // namespace

void run(const Params& p) {
    scale = p.real("delay_scale");
    const int children = p.integer("children");
    const double tick = std::max(0.01, 0.1 * scale); // 每隔一会儿 ps 一下

    // 一、僵尸进程的产生：子进程退出了，父进程（主进程）没有调用 wait/join
    Process child(run_child);
    child.start();
    say("主 " + str(getpid()), "main " + str(getpid()));
    say("主进程继续忙它的事（教程里是 time.sleep(1000)），没有 join 子进程",
        "the main process goes on with its own work (time.sleep(1000) in the tutorial) and "
        "does not join the child");
    char state = '?';
    for (int t = 0; t < 2000 && (t * tick < 2 * scale || state != 'Z'); ++t) {
        mp::sleep(tick);
        if (state_of(child.pid()) != state)
            state = ps_show(child.pid());
    }
    const auto zombie = ps::stat(child.pid());
    const bool zombieSeen = state == 'Z';
    say("子进程已经结束了，可父进程没有 wait 它：它成了僵尸进程（STAT Z，<defunct>），"
        "还占着 pid 和进程表里的一项",
        "the child has ended, but its parent has not waited for it: it is a zombie "
        "(STAT Z, <defunct>) and still holds its pid and an entry in the process table");

    // 二、解决方法二：join。join 里调用了 wait，告诉系统释放僵尸进程
    child.join();
    say("主进程 join 了子进程（join 里调用了 waitpid），退出码 " +
            str(child.exitcode().value_or(-1)) + "：僵尸被回收",
        "the main process joins the child (join calls waitpid), exit code " +
            str(child.exitcode().value_or(-1)) + ": the zombie is reaped");
    const bool goneAfterJoin = ps_show(child.pid()) == 'X';

    // 三、僵尸进程的危害：父进程不断开子进程，却从不回收
    Process parent([children] { spawner(children); }, "父进程");
    parent.start();
    int seen = 0;
    for (int t = 0; t < 100 * children + 2000 && seen < children; ++t) {
        mp::sleep(tick);
        const int now = static_cast<int>(zombies_of(parent.pid()).size());
        if (now > seen)
            say("top: 父进程 " + str(parent.pid()) + " 有 " + str(now) + " 个僵尸子进程",
                "top: parent " + str(parent.pid()) + " has " + str(now) + " zombie children");
        seen = std::max(seen, now);
    }
    mp::sleep(1 * scale); // 父进程是个死循环：这些僵尸永远不会被回收
    const auto zombies = zombies_of(parent.pid());
    for (std::size_t i = 0; i < zombies.size() && i < 10; ++i)
        say("ps aux | grep Z: " + ps::line(zombies[i]));
    if (zombies.size() > 10)
        say("……还有 " + str(static_cast<long>(zombies.size()) - 10) + " 个僵尸",
            "... and " + str(static_cast<long>(zombies.size()) - 10) + " more zombies");
    say("僵尸过多就有害：每个都占着一个 pid，pid 用完了就再也开不了新进程",
        "too many zombies do harm: each holds a pid, and when pids run out no new process "
        "can start");

    // 解决方法一：杀死父进程。僵尸成了孤儿，被收养它们的进程回收。
    // ProcLab 的宿主进程（主进程的父进程）在这里代替 init（pid 1）
    const int adopter = getppid();
    parent.kill(); // kill -9 父进程
    parent.join();
    say("杀死父进程：它的僵尸子进程成了孤儿，被 ProcLab 的宿主进程（pid " + str(adopter) +
            "，代替 init/pid 1）收养，宿主立刻 wait 回收了它们",
        "kill the parent: its zombie children become orphans, adopted by ProcLab's host (pid " +
            str(adopter) + ", standing in for init/pid 1), which waits for them at once");
    auto left = [&] {
        int n = 0;
        for (const auto& z : zombies)
            if (const auto s = ps::stat(z.pid); s && s->state == 'Z')
                ++n;
        return n;
    };
    int remaining = left();
    for (int t = 0; t < 1000 && remaining > 0; ++t) {
        mp::sleep(tick);
        remaining = left();
    }
    say("top: " + str(remaining) + " zombie");

    outcome("zombie_seen", zombieSeen ? 1 : 0);
    outcome("zombie_ppid", zombie ? zombie->ppid : 0);
    outcome("reaped_by_join", goneAfterJoin ? getpid() : 0);
    outcome("children", children);
    outcome("zombies_seen", seen);
    outcome("zombies_left", remaining);
    outcome("reaped_by", remaining == 0 ? adopter : 0);
    invariant("unwaited_child_is_a_zombie", zombieSeen && zombie && zombie->ppid == getpid());
    invariant("join_reaps_the_zombie", goneAfterJoin);
    invariant("zombies_pile_up_while_the_parent_never_waits", seen == children);
    invariant("killing_the_parent_gets_them_reaped", remaining == 0);
}

} // namespace proclab::scenarios::zombie
