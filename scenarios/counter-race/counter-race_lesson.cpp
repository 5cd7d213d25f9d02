// The counter-race lesson's description: texts, parameters, the race recipe.
#include "scenarios/counter-race/counter-race.h"
#include "scenarios/embedded_sources.h"

namespace proclab::scenarios::counter_race {

Lesson lesson() {
    Lesson l;
    l.id = "counter-race";
    l.topic = Topic::Locks;
    l.order = 30;
    l.title = {"共享计数器：丢失的更新", "A shared counter: lost updates"};
    l.summary = {
        "5 个进程各把共享内存里的 Value('i', 0) 加 1000 次。Value 自带一把锁，但它只保护一次读"
        "或一次写：value.value += 1 是先读出旧值（加锁、读、放锁），再写回旧值 + 1（加锁、写、"
        "放锁），两步之间锁是放开的。两个进程读到同一个旧值，其中一次加法就丢了；用 "
        "with value.get_lock(): 把整个 += 1 包起来就不会丢。另一个版本是教程里的 Manager 字典 "
        "{'count': 100}，被 100 个进程各减 1：这里用一个共享的 Value 代替 Manager 字典"
        "（Manager 是一个服务进程，d['count'] -= 1 同样是一次读、一次写两次访问，道理完全一样）。",
        "Five processes each add 1 to a shared-memory Value('i', 0) a thousand times. The Value "
        "has a lock of its own, but it guards one read or one write only: value.value += 1 "
        "reads the old value (lock, read, unlock), then writes old + 1 (lock, write, unlock), and "
        "the lock is free between the two. When two processes read the same old value, one of "
        "the additions is lost; with value.get_lock(): around the whole += 1 none is. The other "
        "variant is the tutorial's Manager dict {'count': 100}, decremented once by each of 100 "
        "processes: here a shared Value stands in for the Manager dict (a Manager is a server "
        "process, and d['count'] -= 1 is likewise two accesses, a read and a write, so the race "
        "is the same)."};
    l.watch = {
        "看每个进程读到的值和写回的值：两个进程读到同一个数时，后写的那个就把前一个的加法覆盖了。"
        "注意主进程先把所有进程都启动，再用 Event go 一起放行。",
        "Watch the value each process reads and writes back: when two read the same number, "
        "the later write overwrites the other's addition. Note that the main process starts "
        "every process first and only then lets them all go with the Event go."};
    l.question = {"5 个进程 × 每个加 1000 次，不加锁，最后打印的是 5000 吗？",
                  "Five processes × 1000 additions each, no lock: is the printed result 5000?"};
    l.answer = {
        "通常不是：教程里得到的是 2153，这里多半在 1000 到 4000 之间。一次 += 1 分成读和写两步，"
        "两个进程交错执行时，一个进程的写覆盖另一个进程的写，这次加法就丢了；一旦两个进程在 "
        "Value 的锁上排起队，它们就被迫一读一写地交替，丢得更多。加上 get_lock() 后"
        "读-改-写变成一个整体，结果永远是 5000。为什么要先全部启动、再用 Event 一起放行？"
        "在这台机器上，Python 原样的 5 × 1000 程序根本看不到竞争：fork 一个进程比做完 1000 次"
        "加法还慢，每个子进程在下一个子进程启动之前就已经做完了，它们从未同时运行。"
        "教程作者看到 2153，是因为他的进程确实同时在跑；让它们在同一起跑线等待，"
        "才能在这里看到同样的现象。",
        "Usually not: the tutorial got 2153, and here it is mostly between 1000 and 4000. One "
        "+= 1 is a read and a write; when two processes interleave, one's write overwrites the "
        "other's and that addition is lost; and once two processes queue on the Value's lock "
        "they are forced to alternate read, write, read, write, and lose even more. With "
        "get_lock() the read-modify-write is one unit and the result is always 5000. Why start "
        "them all first and release them together with an Event? On this machine Python's own "
        "5 × 1000 program shows no race at all: forking a process takes longer than 1000 "
        "additions, so each child is done before the next one has started, and they never run "
        "at the same time. The tutorial's author saw 2153 because his processes really did run "
        "together; holding them at one starting line is what makes the same thing visible "
        "here."};
    l.race = {
        "单步模式按轮转顺序授权（1, 2, 3, 4, 5, 1, 2 …）：每一轮里每个进程都先读到同一个值，"
        "然后各自写回这个值 + 1，于是每 5 次加法只留下 1 次。默认参数下结果总是 1000，而不是 5000；"
        "Manager 字典版本（variant=manager_dict）里 100 个进程都读到 100、都写回 99。"
        "自由运行时默认参数几乎每次都会丢；Manager 字典版本每个进程只有一读一写、转瞬即完，"
        "自由运行时只是偶尔丢（多运行几次），单步模式则每次都丢。",
        "In step mode grant round-robin (1, 2, 3, 4, 5, 1, 2 …): in each round every process "
        "reads the same value, then each writes that value + 1 back, so only one of every five "
        "additions survives. With the defaults the result is always 1000, not 5000; in the "
        "Manager dict variant (variant=manager_dict) all 100 processes read 100 and all write "
        "99 back. Running free, the defaults lose updates nearly every time; in the Manager "
        "dict variant each process does one quick read and one write, so running free it loses "
        "one only now and then (repeat the run), while step mode loses them every time."};
    l.params = {
        {"variant",
         ParamSpec::Kind::Choice,
         0,
         1,
         0,
         {"value", "manager_dict"},
         {"value：Value('i', 0) 累加；manager_dict：{'count': 100} 被每个进程减 1",
          "value: add to Value('i', 0); manager_dict: {'count': 100} decremented by each "
          "process"}},
        {"processes", ParamSpec::Kind::Int, 1, 50, 5, {}, {"累加的进程数", "adding processes"}},
        {"increments",
         ParamSpec::Kind::Int,
         1,
         100000,
         1000,
         {},
         {"每个进程加 1 的次数", "additions per process"}},
        {"dict_processes",
         ParamSpec::Kind::Int,
         1,
         150,
         100,
         {},
         {"manager_dict 版本里各减 1 的进程数", "manager_dict: processes that each subtract 1"}},
        {"lock",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"加锁：with value.get_lock() / with lock", "lock: with value.get_lock() / with lock"}},
    };
    l.source = embedded::counter_race;
    l.sourceFile = "scenarios/counter-race/counter-race.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::counter_race
