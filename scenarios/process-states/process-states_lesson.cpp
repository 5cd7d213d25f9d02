// The process-states lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/process-states/process-states.h"

namespace proclab::scenarios::process_states {

Lesson lesson() {
    Lesson l;
    l.id = "process-states";
    l.topic = Topic::Processes;
    l.order = 60;
    l.title = {"进程的状态：就绪、运行、阻塞", "Process states: ready, running, blocked"};
    l.summary = {
        "几个计算型进程只用 CPU，一个读者进程先 time.sleep(1)，再从管道 recv。每个进程在状态"
        "变化时说出来：新建 → 就绪 → 运行；运行中遇到 I/O（sleep、recv）进入阻塞态，事件发生后"
        "回到就绪态；时间片用完从运行态回到就绪态；结束后进入终止态。",
        "A few compute-bound processes use only the CPU; a reader first does time.sleep(1), "
        "then recv on a pipe. Each process says when its state changes: new → ready → "
        "running; on I/O (sleep, recv) running → blocked, and back to ready when the event "
        "happens; running → ready when its time slice runs out; terminated at the end."};
    l.watch = {
        "对照五态图（新建、就绪、运行、阻塞、终止）看每一行的箭头；窗口里每个进程的状态和内核的 "
        "STAT（R 运行或就绪，S 阻塞，Z 终止未回收）一起变。计算型进程最后报出内核的账本：在 CPU 上"
        "运行了多久、在就绪队列里等了多久、时间片用完被换下几次。",
        "Follow each line's arrows on the five-state diagram (new, ready, running, blocked, "
        "terminated); in the window each process's state changes together with the kernel's "
        "STAT (R running or ready, S blocked, Z terminated but not reaped). The compute-bound "
        "processes end by reading the kernel's books: how long they ran, how long they sat in "
        "the ready queue, how often their time slice ran out."};
    l.question = {"读者进程在 sleep 和 recv 时占着 CPU 吗？两个计算型进程共用一个 CPU 时，"
                  "一个在运行，另一个处于什么状态？",
                  "Does the reader hold the CPU while it sleeps or waits in recv? When two "
                  "compute-bound processes share one CPU, one runs: what state is the other in?"};
    l.answer = {
        "不占：遇到 I/O（sleep、recv、input、accept……）进程就放弃 CPU，进入阻塞态，内核里是 S；"
        "事件发生（时间到了、数据来了）后它不会直接运行，而是先回到就绪态，等调度程序挑中它。"
        "另一个计算型进程处于就绪态：万事俱备，只差 CPU——内核里它和运行的进程一样显示为 R，"
        "它在就绪队列里等的时间记在 /proc/<pid>/schedstat 里。时间片用完，运行的进程被换下回到"
        "就绪态，这就是并发（切换执行）；多个 CPU 同时运行才是并行（one_cpu=false 试一试）。"
        "单步模式下，ProcLab 自己扮演调度程序：等在关口的进程是就绪态，被授权的那一个是运行态。",
        "No: on I/O (sleep, recv, input, accept...) a process gives up the CPU and is blocked, "
        "S in the kernel; when the event happens (the time is up, the data came) it does not "
        "run at once but goes back to ready and waits for the scheduler to pick it. The other "
        "compute-bound process is ready: it has everything but the CPU — the kernel shows it "
        "as R just like the running one, and its time in the ready queue is counted in "
        "/proc/<pid>/schedstat. When a time slice runs out the running process is switched "
        "back to ready: that is concurrency (taking turns); running at the same time on "
        "several CPUs is parallelism (try one_cpu=false). In step mode ProcLab itself plays "
        "the scheduler: processes waiting at their gate are ready, the one granted a step is "
        "running."};
    l.params = {
        {"cpu_tasks",
         ParamSpec::Kind::Int,
         0,
         8,
         2,
         {},
         {"计算型进程的个数", "compute-bound processes"}},
        {"compute_ms",
         ParamSpec::Kind::Real,
         0,
         5000,
         200,
         {},
         {"每个计算型进程要用的 CPU 时间（毫秒）",
          "CPU time each compute-bound process needs (ms)"}},
        {"one_cpu",
         ParamSpec::Kind::Bool,
         0,
         1,
         1,
         {},
         {"所有进程只用一个 CPU：并发而不是并行", "every process on one CPU: concurrency, not "
                                                  "parallelism"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"时间的倍数：读者 time.sleep(1)", "scale of the time: the reader's time.sleep(1)"}},
    };
    l.source = embedded::process_states;
    l.sourceFile = "scenarios/process-states/process-states.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::process_states
