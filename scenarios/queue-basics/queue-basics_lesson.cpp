// The queue-basics lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/queue-basics/queue-basics.h"

namespace proclab::scenarios::queue_basics {

Lesson lesson() {
    Lesson l;
    l.id = "queue-basics";
    l.topic = Topic::Ipc;
    l.order = 10;
    l.title = {"队列的方法：满了、空了、超时", "Queue methods: full, empty, timeout"};
    l.summary = {
        "主进程建一个 Queue(3)，放进 3、2、1；队列满了以后 put_nowait(4) 抛出 queue.Full，"
        "full() 返回 True；取出三个数据（先进先出）后 get_nowait() 抛出 queue.Empty，"
        "empty() 返回 True；最后 get(timeout=2) 等了 2 秒仍取不到，也抛出 queue.Empty。",
        "The main process makes a Queue(3) and puts 3, 2, 1 into it; once it is full, "
        "put_nowait(4) raises queue.Full and full() is True; after three gets (first in, first "
        "out) get_nowait() raises queue.Empty and empty() is True; last, get(timeout=2) waits "
        "2 s for nothing and raises queue.Empty too."};
    l.watch = {
        "看队列里的三个数据和取出的顺序；最后那次 get 时，主进程处于阻塞状态，2 秒后超时醒来。",
        "Watch the three items in the queue and the order they come out; during the last "
        "get the main process is blocked, and wakes up when the 2 s run out."};
    l.question = {"队列长度为 3、已经放满，这时 put_nowait(4) 会怎样？换成 put(4) 呢？",
                  "The queue holds 3 and is full. What does put_nowait(4) do? And put(4)?"};
    l.answer = {
        "put_nowait 不等待：队列满了就抛出 queue.Full，程序用 try/except 接住它，4 就丢了。"
        "put(4) 则会一直阻塞，等别的进程取走数据——这里没有别的进程，程序就永远停在那里"
        "（blocking_put=true 试试：ProcLab 发现所有进程都阻塞、没有谁能唤醒它们，"
        "以“死锁”结束这次运行）。取数据同理：get_nowait 立刻抛 Empty，get(timeout=2) "
        "最多等 2 秒再抛 Empty。因此 put 之前可以先看 full()；不过有别的进程同时读写时，"
        "full()、empty()、qsize() 的结果转眼就可能过时，并不可靠。",
        "put_nowait does not wait: on a full queue it raises queue.Full, the program catches "
        "it with try/except, and the 4 is lost. put(4) blocks until another process takes an "
        "item — there is none here, so the program would stop there forever (try "
        "blocking_put=true: ProcLab sees every process blocked with nobody able to wake them and "
        "ends the run as a deadlock). Getting is the same: get_nowait raises Empty at once, "
        "get(timeout=2) waits at most 2 s and then raises Empty. So one may check full() before "
        "a put; but with other processes reading and writing at the same time, full(), empty() "
        "and qsize() can be out of date the moment they return."};
    l.params = {
        {"maxsize",
         ParamSpec::Kind::Int,
         1,
         20,
         3,
         {},
         {"队列长度 Queue(maxsize)：先放进 maxsize、…、2、1",
          "Queue(maxsize): puts maxsize, …, 2, 1"}},
        {"timeout",
         ParamSpec::Kind::Real,
         0,
         10,
         2,
         {},
         {"最后一次 get(timeout=…) 最多等的秒数", "seconds the last get(timeout=…) waits"}},
        {"blocking_put",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"队列满了还用 put(4)：程序永远停在那里（死锁）",
          "put(4) on the full queue: the program stops there forever (a deadlock)"}},
    };
    l.source = embedded::queue_basics;
    l.sourceFile = "scenarios/queue-basics/queue-basics.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::queue_basics
