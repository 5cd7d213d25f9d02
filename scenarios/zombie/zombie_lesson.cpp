// The zombie lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/zombie/zombie.h"

namespace proclab::scenarios::zombie {

Lesson lesson() {
    Lesson l;
    l.id = "zombie";
    l.topic = Topic::Processes;
    l.order = 40;
    l.title = {"僵尸进程", "Zombie processes"};
    l.summary = {
        "子进程退出了，父进程却没有调用 wait/join：内核把它留作僵尸进程（ps 里 STAT 是 Z，"
        "<defunct>）。再看教程的两种解决方法——join，以及杀死父进程、让僵尸被收养并回收；"
        "最后看一个从不回收的父进程怎样让僵尸越积越多。",
        "A child exits and its parent does not call wait/join: the kernel keeps it as a zombie "
        "(STAT Z, <defunct> in ps). Then the tutorial's two fixes — join, and killing the parent "
        "so that the zombies are adopted and reaped — and last, a parent that never waits, "
        "piling up zombies."};
    l.watch = {
        "看 ps 那几行：子进程的 STAT 变成 Z，PPID 仍是主进程；join 之后它从 ps 里消失。第三段看 "
        "top 里僵尸的个数一个个涨上去，父进程被杀死后一下子归零。窗口里进程旁的 Z 就是内核 "
        "/proc/<pid>/stat 的原样，不是模拟。",
        "Watch the ps lines: the child's STAT turns to Z while its PPID is still the main "
        "process; after join it is gone from ps. In part three watch top's zombie count climb "
        "one by one, then drop to zero once the parent is killed. The Z beside a process in the "
        "window is the kernel's own /proc/<pid>/stat, not a simulation."};
    l.question = {"子进程的代码已经执行完了，它还在进程表里吗？如果父进程永远不 join，会怎样？",
                  "The child's code has finished: is it still in the process table? What if its "
                  "parent never joins it?"};
    l.answer = {
        "还在：内核释放了它的内存和打开的文件，但保留 pid 和退出状态，等父进程用 wait/waitpid "
        "来取——这就是僵尸。join 里调用的正是 waitpid，所以 join 之后僵尸消失。父进程被杀死后，"
        "僵尸成了孤儿，由收养它的进程回收：真实系统里是 init（pid 1）或最近的 subreaper，"
        "在 ProcLab 里是宿主进程 proclab-engine，它代替了 init。一个长寿却从不回收的父进程会让"
        "僵尸不断累积，占满 pid，这才是有害的。（注：Python 的 Process.start() 每次启动新进程前"
        "会顺手 poll 已结束的子进程，从而回收它们；用 os.fork 写的父进程，或者不再启动新进程的"
        "父进程，僵尸就会一直留着。）",
        "It is: the kernel has freed its memory and open files but keeps its pid and exit status "
        "until the parent collects them with wait/waitpid — that is a zombie. join calls waitpid, "
        "so after join the zombie is gone. Once the parent is killed its zombies are orphans, "
        "reaped by whoever adopts them: init (pid 1) or the nearest subreaper on a real system, "
        "ProcLab's host proclab-engine here, standing in for init. A long-lived parent that "
        "never waits piles zombies up until the pids run out: that is the harm. (Note: Python's "
        "Process.start() polls finished children before starting a new one, which reaps them; "
        "a parent written with os.fork, or one that stops starting children, keeps its "
        "zombies.)"};
    l.params = {
        {"children",
         ParamSpec::Kind::Int,
         1,
         100,
         10,
         {},
         {"第三段里从不回收的父进程开的短命子进程数",
          "short-lived children started by the never-waiting parent in part three"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"时间的倍数：主进程带着僵尸忙 2 秒，每 0.1 秒开一个子进程",
          "scale of the times: the main process works 2 s beside its zombie, one child every "
          "0.1 s"}},
    };
    l.source = embedded::zombie;
    l.sourceFile = "scenarios/zombie/zombie.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::zombie
