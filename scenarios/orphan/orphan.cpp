// 孤儿进程 — tutorial 004 (二：孤儿进程) on real processes.
// The father exits first without waiting for his child (os._exit), so the child is
// adopted: by init (pid 1) or the nearest subreaper on a real system, by ProcLab's
// host here — the subreaper of every lesson process, standing in for init.
#include "scenarios/orphan/orphan.h"

#include "engine/mp/mp.h"
#include "scenarios/zombie/ps.h"

#include <string>

namespace proclab::scenarios::orphan {

using namespace proclab::mp;

namespace {

double scale = 1; // delay_scale: 1 = the tutorial's time.sleep(1)
bool osExit = true;

std::string str(long v) {
    return std::to_string(v);
}

void show(const std::string& who_zh, const std::string& who_en, int pid) {
    const auto s = ps::stat(pid);
    if (s)
        say(who_zh + " ps: " + ps::line(*s), who_en + " ps: " + ps::line(*s));
    else
        say(who_zh + " ps: 进程 " + str(pid) + " 已经不存在了",
            who_en + " ps: process " + str(pid) + " no longer exists");
}

// 子进程（教程里 fork 之后 pid == 0 的那一支）
void child(Event& born, Event& reported, Event& bye, Array<int>& report) {
    const int before = getppid();
    say("im child " + str(getpid()) + " " + str(before) + "（父进程还活着）",
        "im child " + str(getpid()) + " " + str(before) + " (my father is still alive)");
    born.set();
    mp::sleep(1 * scale); // 保证父进程退出完毕
    for (int t = 0; osExit && getppid() == before && t < 500; ++t)
        mp::sleep(0.01); // 父进程还没退出完：再等一会儿
    const int after = getppid();
    say("im child " + str(getpid()) + " " + str(after));
    report.set(0, before);
    report.set(1, after);
    report.set(2, getpid());
    reported.set();
    bye.wait(); // 让主进程 ps 看一眼再结束
}

// 父进程：打印自己的 pid 和 ppid，开一个子进程，然后先走一步
void father(Event& born, Event& reported, Event& bye, Array<int>& report) {
    say("im father pid " + str(getpid()) + " ppid " + str(getppid()));
    Process p([&] { child(born, reported, bye, report); }, "子进程");
    p.start();
    born.wait(); // 等孩子先报个到
    if (osExit) {
        say("father died..");
        exit_now(0); // os._exit(0)：立刻退出，不等子进程
    }
    // 正常返回：multiprocessing 的退出规则会先 join 所有非守护子进程
    say("father returns..（先 join 子进程）", "father returns.. (joining his child first)");
}

} // namespace

void run(const Params& p) {
    scale = p.real("delay_scale");
    osExit = p.flag("os_exit");
    Event born("born");
    Event reported("reported");
    Event bye("bye");
    Array<int> report(3, false, "report"); // ppid before, ppid after, child pid

    Process f([&] { father(born, reported, bye, report); }, "父进程");
    f.start();
    reported.wait();
    const int before = report.get(0);
    const int after = report.get(1);
    const int kid = report.get(2);
    const int host = getppid(); // 主进程的父进程：ProcLab 的宿主进程
    const auto kernel = ps::stat(kid);
    show("父进程", "father", f.pid());
    show("子进程", "child", kid);
    if (after != before)
        say("父进程先退出了，子进程成了孤儿：它的 ppid 从 " + str(before) + " 变成了 " +
                str(after) + "——ProcLab 的宿主进程收养了它，宿主在这里代替 init（pid 1）",
            "the father exited first and the child is an orphan: its ppid changed from " +
                str(before) + " to " + str(after) +
                " — ProcLab's host adopted it, standing in for init (pid 1)");
    else
        say("父进程正常结束时要先 join 它的子进程（Python 的退出规则），所以子进程没有成为孤儿",
            "a father that ends normally first joins his children (Python's exit rules), so "
            "the child never became an orphan");
    bye.set();
    f.join();
    say("主进程回收了父进程，退出码 " + str(f.exitcode().value_or(-1)),
        "the main process reaped the father, exit code " + str(f.exitcode().value_or(-1)));
    bool gone = !ps::stat(kid).has_value();
    for (int t = 0; t < 1000 && !gone; ++t) {
        mp::sleep(0.01);
        gone = !ps::stat(kid).has_value();
    }
    if (gone && after != before)
        say("孤儿结束后，收养它的宿主进程 wait 回收了它，没有留下僵尸",
            "when the orphan ended, the host that adopted it waited for it: no zombie is left");
    else if (gone)
        say("子进程结束后，父进程 join 回收了它，没有留下僵尸",
            "when the child ended, its father joined it: no zombie is left");

    outcome("father_pid", f.pid());
    outcome("ppid_before", before);
    outcome("ppid_after", after);
    outcome("adopter_pid", host);
    outcome("kernel_ppid", kernel ? kernel->ppid : 0);
    outcome("orphaned", after != before ? 1 : 0);
    outcome("child_reaped", gone ? 1 : 0);
    invariant("child_starts_with_its_father", before == f.pid());
    if (osExit)
        invariant("orphan_adopted_by_the_host", after == host && kernel && kernel->ppid == host);
    else
        invariant("father_waited_so_no_orphan", after == before);
    invariant("child_reaped_no_zombie_left", gone);
}

} // namespace proclab::scenarios::orphan
