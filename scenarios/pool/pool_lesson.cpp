// The pool lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/pool/pool.h"

namespace proclab::scenarios::pool {

Lesson lesson() {
    Lesson l;
    l.id = "pool";
    l.topic = Topic::Pools;
    l.order = 10;
    l.title = {"进程池 Pool", "The process pool"};
    l.summary = {
        "Pool(5) 一开始就创建 5 个工作进程，之后所有任务都由这 5 个进程轮流执行，执行完并不退出，"
        "而是回到池里等下一个任务。本课依次是教程里的几个程序：Pool(5).map 跑 100 个任务与开 100 "
        "个进程的耗时对比（现场计时）；apply（同步）与 apply_async（异步）；回调函数在主进程里执行"
        "（看 pid）；error_callback；get(timeout)；以及进程池和信号量的区别。",
        "Pool(5) starts 5 worker processes up front; from then on those 5 take turns running "
        "every task, and instead of exiting they go back to the pool for the next one. The "
        "lesson holds the tutorial's programs: Pool(5).map over 100 tasks against 100 separate "
        "processes, timed live; apply (synchronous) and apply_async (asynchronous); a callback "
        "that runs in the main process (watch the pids); error_callback; get(timeout); and pool "
        "versus semaphore."};
    l.watch = {
        "看进程列表：池里自始至终只有那几个 ForkPoolWorker，打印出来的 pid 也总是那几个；任务排在 "
        "pool.tasks 队列里，结果回到 pool.results。apply 每次只有一个工作进程在忙；apply_async "
        "时几个同时在忙。callback：func1 打印的是工作进程的 pid，func2（回调）打印的是主进程的 "
        "pid。",
        "Watch the process list: the pool holds the same few ForkPoolWorkers throughout, and "
        "the pids printed are always theirs; tasks queue in pool.tasks and results come back "
        "through pool.results. With apply one worker is busy at a time; with apply_async "
        "several are. callback: func1 prints a worker's pid, func2 (the callback) the main "
        "process's pid."};
    l.question = {"100 个任务：用 5 个进程的进程池快，还是开 100 个进程快？为什么？",
                  "100 tasks: which is faster, a pool of 5 processes or 100 processes? Why?"};
    l.answer = {
        "进程池快（教程里是 0.51 秒对 12.09 秒；这里两个数字是现场量出来的，Linux 的 fork 比"
        "教程的 Windows 快得多，差距小一些但依然明显）：创建和销毁进程都要时间，操作系统还要调度、"
        "切换它们；进程池只创建 5 个进程并反复使用。apply 是同步的，提交一个等一个，10 个任务就是"
        "10 秒；apply_async 立刻返回一个 AsyncResult，任务在几个工作进程里同时跑，close() 之后 "
        "join() 等它们做完，再用 get() 取结果。回调函数在主进程里执行：Python 用主进程里的一个"
        "结果处理线程去调用；ProcLab 的课程进程是单线程的，所以在主进程下一次和进程池打交道时"
        "（apply_async、map、apply、get、wait、close、join）调用——仍然在主进程里，从不在工作"
        "进程里。进程池和信号量：信号量不限制创建多少个进程（100 辆车，5 个车道），只限制同时"
        "有几个在执行；进程池限制的是进程本身（只有 5 辆车，拉完放回来给别人用）。",
        "The pool (0.51 s against 12.09 s in the tutorial; here both are measured live, and "
        "Linux forks much faster than the tutorial's Windows, so the gap is smaller but still "
        "clear): creating and destroying processes takes time, and the OS must schedule and "
        "switch them; the pool creates 5 processes and reuses them. apply is synchronous: "
        "submit one, wait for it, so 10 one-second tasks take 10 s; apply_async returns an "
        "AsyncResult at once and the tasks run in several workers at the same time; close() "
        "then join() waits for them, and get() collects the results. Callbacks run in the main "
        "process: Python calls them from a result-handler thread of the main process; ProcLab's "
        "lesson processes are single-threaded, so the main process runs them the next time it "
        "deals with the pool (apply_async, map, apply, get, wait, close, join) — still in the "
        "main process, never in a worker. Pool versus semaphore: a semaphore does not limit how "
        "many processes are created (100 trucks, 5 lanes), only how many run at once; a pool "
        "limits the processes themselves (only 5 trucks, each returned for the next load)."};
    l.race = {
        "get_timeout：任务 sleep 1 秒，get 也最多等 1 秒。单步模式下两者的截止时间在虚拟时钟上"
        "相同，主进程排在前面，所以总是“超时了~”；自由运行时主进程先开始计时，通常也超时。",
        "get_timeout: the task sleeps 1 s and get waits at most 1 s. Stepping, both deadlines "
        "fall on the same virtual instant and the main process comes first, so it always prints "
        "'timed out~'; running free, the main process starts its clock first and usually times "
        "out too."};
    l.params = {
        {"variant",
         ParamSpec::Kind::Choice,
         0,
         6,
         0,
         {"map", "apply", "apply_async", "callback", "error_callback", "get_timeout", "semaphore"},
         {"教程里的哪个程序：map 对比 100 个进程 / apply / apply_async / 回调 / error_callback / "
          "get(timeout) / 进程池与信号量",
          "which of the tutorial's programs: map against 100 processes / apply / apply_async / "
          "callback / error_callback / get(timeout) / pool versus semaphore"}},
        {"processes",
         ParamSpec::Kind::Int,
         0,
         32,
         0,
         {},
         {"进程池的进程数，0 表示教程里的数（map 5，apply 3，callback 5，error_callback 和 "
          "get_timeout 用 Pool() 即 CPU 核数）",
          "processes in the pool; 0: the tutorial's (map 5, apply 3, callback 5, Pool() = the "
          "CPU count for error_callback and get_timeout)"}},
        {"tasks",
         ParamSpec::Kind::Int,
         0,
         10000,
         0,
         {},
         {"任务数，0 表示教程里的数（map 100，apply 10，callback 1，error_callback 5，"
          "semaphore 100）；超过 1000 时 map 不再一任务一进程地比较",
          "tasks; 0: the tutorial's (map 100, apply 10, callback 1, error_callback 5, semaphore "
          "100); above 1000, map skips the process-per-task comparison"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"任务里 sleep 的倍数（apply 的任务睡 1 秒）",
          "scale of the tasks' sleeps (apply's task sleeps 1 s)"}},
    };
    l.source = embedded::pool;
    l.sourceFile = "scenarios/pool/pool.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::pool
