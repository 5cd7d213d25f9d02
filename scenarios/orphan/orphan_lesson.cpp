// The orphan lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/orphan/orphan.h"

namespace proclab::scenarios::orphan {

Lesson lesson() {
    Lesson l;
    l.id = "orphan";
    l.topic = Topic::Processes;
    l.order = 50;
    l.title = {"孤儿进程", "Orphan processes"};
    l.summary = {
        "父进程先于子进程退出（os._exit，不等子进程），子进程成了孤儿，被收养：它的 ppid 变了。"
        "真实系统里收养者是 init（pid 1）或最近的 subreaper；在 ProcLab 里是宿主进程 "
        "proclab-engine，它是所有课程进程的 subreaper，代替了 init。",
        "The father exits before his child (os._exit, without waiting for it); the child becomes "
        "an orphan and is adopted: its ppid changes. On a real system the adopter is init "
        "(pid 1) or the nearest subreaper; in ProcLab it is the host, proclab-engine, the "
        "subreaper of every lesson process, standing in for init."};
    l.watch = {"看子进程两次打印的 ppid：先是父进程的 pid，父进程死后变成宿主进程的 pid；"
               "ps 里 PPID 一列是内核的原样。顺便看父进程：退出后、被主进程 join 之前，它是 Z。",
               "Watch the ppid the child prints twice: first its father's pid, then, once the "
               "father is dead, the host's pid; ps's PPID column is the kernel's own. Note the "
               "father too: between his exit and the main process's join he is a Z."};
    l.question = {"父进程死了，子进程还在运行。它的 ppid 会变成什么？它结束后谁来回收它？",
                  "The father is dead and the child still runs. What does its ppid become? Who "
                  "reaps it when it ends?"};
    l.answer = {
        "内核把孤儿交给收养者：教程里是 pid 为 1 的 init（“民政局”），在 ProcLab 里是宿主进程，"
        "所以 ppid 变成了宿主的 pid。孤儿结束时，收养者调用 wait 回收它，所以孤儿无害，不会"
        "变成长期的僵尸。注意 Python 的 multiprocessing：父进程正常结束时会先 join 所有非守护"
        "子进程，不会留下孤儿；教程用 os.fork 加 sys.exit，这里用 os._exit（os_exit=false 时"
        "父进程正常返回，子进程的 ppid 就不会变）。",
        "The kernel hands an orphan to an adopter: init, pid 1, in the tutorial (the 'civil "
        "affairs office'), ProcLab's host here, so the ppid becomes the host's pid. When the "
        "orphan ends, its adopter waits for it, so orphans are harmless and never linger as "
        "zombies. Note Python's multiprocessing: a parent that ends normally first joins all "
        "its non-daemon children, leaving no orphan; the tutorial uses os.fork and sys.exit, "
        "ProcLab uses os._exit (with os_exit=false the father returns normally and the child's "
        "ppid never changes)."};
    l.params = {
        {"os_exit",
         ParamSpec::Kind::Bool,
         0,
         1,
         1,
         {},
         {"父进程用 os._exit 立刻退出，不等子进程（false：正常返回，先 join 子进程）",
          "the father leaves at once with os._exit, not waiting for his child (false: he "
          "returns normally and joins it first)"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"时间的倍数：子进程睡 1 秒，等父进程退出完毕",
          "scale of the time: the child sleeps 1 s while its father exits"}},
    };
    l.source = embedded::orphan;
    l.sourceFile = "scenarios/orphan/orphan.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::orphan
