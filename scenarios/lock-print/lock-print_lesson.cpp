// The lock-print lesson's description: texts, parameters, the race recipe.
#include "scenarios/embedded_sources.h"
#include "scenarios/lock-print/lock-print.h"

namespace proclab::scenarios::lock_print {

Lesson lesson() {
    Lesson l;
    l.id = "lock-print";
    l.topic = Topic::Locks;
    l.order = 5;
    l.title = {"共享终端：加锁让打印成对", "A shared terminal: the lock keeps lines paired"};
    l.summary = {
        "5 个进程都执行 work(n)：先打印 “n: pid is running”，睡一会儿，再打印 “n: pid is done”。"
        "它们共用同一个终端。不加锁时，各进程的两行交错在一起；加锁后，锁里的代码变成串行，"
        "每个进程的两行紧挨着出现。",
        "Five processes each run work(n): print 'n: pid is running', sleep a while, print "
        "'n: pid is done'. They share one terminal. Without a lock the two lines of each process "
        "interleave with the others'; with the lock the code inside it becomes serial and each "
        "process's two lines appear together."};
    l.watch = {"看第一行的顺序（0-4 不一定按顺序），以及每个进程的 is done 出现在哪里；"
               "加锁后看谁持有锁、谁在排队。",
               "Watch the order of the first lines (not necessarily 0-4) and where each "
               "process's 'is done' appears; with the lock, who holds it and who queues."};
    l.question = {"不加锁时，每个进程的 “is running” 后面紧跟的一定是它自己的 “is done” 吗？"
                  "加锁之后呢？",
                  "Without a lock, is each process's 'is running' always followed by its own "
                  "'is done'? And with the lock?"};
    l.answer = {
        "不加锁时不是：一个进程睡觉的时候，别的进程照样打印，两行被拆开，is done "
        "的顺序由睡多久决定。"
        "加锁后每个进程在锁里打印两行，别人要等它释放锁，于是两行成对出现——由并发变成了串行，"
        "牺牲了运行效率（5 个进程要 5 秒），但避免了竞争。第一行的先后顺序加锁也无法决定："
        "谁先抢到锁由操作系统的调度决定。",
        "Without a lock, no: while one process sleeps the others keep printing, its two lines "
        "are split, and the order of the 'is done' lines follows how long each slept. With the "
        "lock each process prints both lines inside it and the others wait for the release, so "
        "the lines come in pairs — concurrency turned serial, which costs time (five processes "
        "take five seconds) but avoids the competition. The lock cannot decide who prints "
        "first: who gets the lock first is up to the operating system's scheduler."};
    l.race = {
        "不加锁时，单步模式按轮转顺序授权（1, 2, 3, 4, 5 …）：每个进程先打印 is running 再开始睡，"
        "五个 is running 连在一起，之后 is done 按各自睡眠时间（由 seed "
        "决定）出现，五对全部被拆开。",
        "Without the lock, grant round-robin in step mode (1, 2, 3, 4, 5 …): each process prints "
        "'is running' and goes to sleep, so the five 'is running' lines come first and the 'is "
        "done' lines follow in the order of their sleeps (set by seed): all five pairs are "
        "split."};
    l.params = {
        {"processes", ParamSpec::Kind::Int, 1, 20, 5, {}, {"进程数", "processes"}},
        {"lock",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"加锁（教程的第二个程序）", "use the lock (the tutorial's second program)"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"睡眠时间的倍数（不加锁 0-1 秒随机，加锁 1 秒）",
          "scale of the sleeps (random 0-1 s without the lock, 1 s with it)"}},
        {"seed",
         ParamSpec::Kind::Int,
         0,
         1000000,
         1,
         {},
         {"random.random() 的种子：同一个种子，同样的睡眠时间",
          "seed of random.random(): same seed, same sleeps"}},
    };
    l.source = embedded::lock_print;
    l.sourceFile = "scenarios/lock-print/lock-print.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::lock_print
