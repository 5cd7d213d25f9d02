// The double-acquire lesson's description: texts, parameters, the deadlock it shows.
#include "scenarios/double-acquire/double-acquire.h"
#include "scenarios/embedded_sources.h"

namespace proclab::scenarios::double_acquire {

Lesson lesson() {
    Lesson l;
    l.id = "double-acquire";
    l.topic = Topic::Locks;
    l.order = 40;
    l.title = {"同一把锁 acquire 两次：自己等自己", "Acquiring the same Lock twice: waiting for "
                                                    "yourself"};
    l.summary = {
        "教程 002 的注意事项：不要对同一把锁执行多次 acquire，会锁死导致程序无法执行。主进程"
        "acquire 了锁 l，打印“抢到了!”，然后再 acquire 一次：l 的持有者就是它自己，它在等自己"
        "释放——一个长度为 1 的等待环。ProcLab 发现所有进程都阻塞、谁也唤醒不了谁，"
        "就报告死锁并结束运行。换成 RLock（可重入锁），同一个进程可以再次获得它。",
        "Tutorial 002's warning: do not acquire the same lock twice, the program locks up. The "
        "main process acquires lock l, prints 'got it!', then acquires it again: the holder of "
        "l is itself, so it waits for itself to release it — a wait-for cycle of length one. "
        "ProcLab sees that every process is blocked and nothing can wake any of them, reports "
        "the deadlock and ends the run. With an RLock (re-entrant lock) the same process may "
        "acquire it again."};
    l.watch = {"看第二次 acquire：锁 l 的持有者和等待者是同一个进程（等待图里指向自己的箭头），"
               "随后出现 self_deadlock 和 deadlock 记录。",
               "Watch the second acquire: lock l's holder and its waiter are the same process (an "
               "arrow from the process to itself in the wait-for graph), then the self_deadlock "
               "and deadlock records."};
    l.question = {"教程的程序 acquire 之后没有 release 就再 acquire 一次，第二行 “强哥毛线!” "
                  "会打印出来吗？换成 RLock 呢？",
                  "The program acquires the lock and, without releasing it, acquires it again: "
                  "is the second line printed? And with an RLock?"};
    l.answer = {
        "用 Lock 时不会：普通的锁不记得是谁拿着它，第二次 acquire 和别人来抢一样要等，"
        "而唯一能释放它的就是正在等待的自己，于是永远等下去——这就是死锁，不是程序慢。"
        "RLock 记得持有者和次数，同一个进程可以再次获得，acquire 几次就要 release 几次。"
        "教程贴出的代码在两次 acquire 之间其实有一次 release（release_between），那样就不会卡住："
        "一次 acquire 必须对应一次 release。",
        "With a Lock, no: a plain lock does not remember who holds it, so the second acquire "
        "waits like anyone else's, and the only process that could release it is the one "
        "waiting — it waits forever. That is a deadlock, not a slow program. An RLock remembers "
        "its holder and a count: the same process may acquire it again, and must release it as "
        "many times. The code printed in the tutorial actually releases the lock between the "
        "two acquires (release_between), and then nothing hangs: every acquire needs its "
        "release."};
    l.race = {"无需特别的授权顺序：任何顺序下第二次 acquire 都会死锁（单步模式下立刻被发现，"
              "自由运行时约 50 毫秒后确认）。",
              "No particular grant order is needed: the second acquire deadlocks under any order "
              "(detected at once in step mode, confirmed after about 50 ms running free)."};
    l.params = {
        {"lock_type",
         ParamSpec::Kind::Choice,
         0,
         1,
         0,
         {"Lock", "RLock"},
         {"锁的种类：Lock 会死锁，RLock 可重入", "kind of lock: Lock deadlocks, RLock re-enters"}},
        {"release_between",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"两次 acquire 之间先 release（教程贴出的代码）",
          "release between the two acquires (the code as the tutorial prints it)"}},
    };
    l.source = embedded::double_acquire;
    l.sourceFile = "scenarios/double-acquire/double-acquire.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::double_acquire
