// The process-basics lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/process-basics/process-basics.h"

namespace proclab::scenarios::process_basics {

Lesson lesson() {
    Lesson l;
    l.id = "process-basics";
    l.topic = Topic::Processes;
    l.order = 10;
    l.title = {"开启子进程：start 与 join", "Starting processes: start and join"};
    l.summary = {
        "Process(target=func).start() 真的 fork 出一个子进程。子进程打印自己的 pid 和 ppid，"
        "主进程打印自己的；两者异步执行。join 让主进程等子进程执行完；开多个子进程时，先全部 "
        "start，再逐个 join。",
        "Process(target=func).start() really forks a child. The child prints its pid and ppid, "
        "the main process prints its own; the two run asynchronously. join makes the main "
        "process wait for a child; with many children, start them all first, then join each."};
    l.watch = {
        "看主进程的 ********** 和子进程的 aaaa 谁先出现；子进程的父进程 pid 就是主进程的 pid，"
        "主进程的父进程是 ProcLab 的宿主进程（教程里是 pycharm）。看 join 时主进程变成阻塞态，"
        "子进程一结束它就继续。",
        "Watch whether the main process's ********** or the child's aaaa comes first; the "
        "child's parent pid is the main process's pid, and the main process's parent is "
        "ProcLab's host (pycharm in the tutorial). Watch the main process block in join and go "
        "on the moment the child ends."};
    l.question = {"start() 之后主进程会等子进程打印完再往下走吗？“不要钱”会在所有“来玩啊”之后吗？",
                  "After start(), does the main process wait for the child's prints before going "
                  "on? Does 'free of charge' come after every 'come and have fun'?"};
    l.answer = {
        "不会等：start 只是请操作系统开一个进程，主进程立刻往下执行，所以 ********** 通常先出现"
        "——这就是异步。join 才会阻塞主进程，直到子进程结束（内部调用 waitpid），所以“父进程执行"
        "结束!”总在“来玩啊!”之后。先全部 start 再逐个 join，子进程并发执行，主进程在全部结束后"
        "才打印“不要钱”；join 写在循环里就全变成串行；只 join 最后一个，主进程可能比一些子进程先"
        "打印。",
        "No: start only asks the OS for a new process and the main process goes straight on, "
        "so ********** usually comes first — that is asynchronous. Only join blocks the main "
        "process until the child ends (it calls waitpid), so 'the parent is done!' always comes "
        "after 'come and have fun!'. Start all, then join each: the children run concurrently "
        "and 'free of charge' comes after all of them; join inside the loop makes everything "
        "serial; join only the last one and the main process may print before some children."};
    l.race = {
        "教程的注释 3：只 join 最后一个子进程，主进程可能比一些子进程先打印“不要钱”。自由模式下"
        "多跑几次（join=last，--repeat 20）就能看到 finished_before_main 小于 children。单步模式"
        "下可以故意做出来：一直授权主进程，直到它 start 完所有子进程、阻塞在 join "
        "最后一个子进程上；"
        "然后只授权最后一个子进程，直到它结束；再授权主进程——它打印“不要钱”时，前面的子进程还没"
        "打印“来玩啊”。（children=3 时最后一个子进程是 5 号。）",
        "The tutorial's comment 3: join only the last child and the main process may print "
        "'free of charge' before some children. Free-running, a few runs show it "
        "(join=last, --repeat 20): finished_before_main falls below children. Stepping, make "
        "it happen on purpose: grant the main process until it has started every child and "
        "blocks joining the last one; then grant only that last child until it ends; then "
        "the main process — it prints 'free of charge' while the earlier children have not yet "
        "said 'come and have fun'. (With children=3 the last child is number 5.)"};
    l.params = {
        {"children",
         ParamSpec::Kind::Int,
         1,
         100,
         10,
         {},
         {"第三段开启的子进程数（for i in range(10)）",
          "children started in part three (for i in range(10))"}},
        {"join",
         ParamSpec::Kind::Choice,
         0,
         2,
         0,
         {"all", "in_loop", "last"},
         {"第三段怎样 join：全部 start 后逐个 join、在循环里 join、只 join 最后一个",
          "how part three joins: each after starting all, inside the loop, only the last one"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"时间的倍数：子进程 time.sleep(1)", "scale of the time: the child's time.sleep(1)"}},
    };
    l.source = embedded::process_basics;
    l.sourceFile = "scenarios/process-basics/process-basics.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::process_basics
