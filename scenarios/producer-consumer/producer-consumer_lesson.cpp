// The producer-consumer lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/producer-consumer/producer-consumer.h"

namespace proclab::scenarios::producer_consumer {

Lesson lesson() {
    Lesson l;
    l.id = "producer-consumer";
    l.topic = Topic::Ipc;
    l.order = 20;
    l.title = {"生产者消费者：包子和吃货", "Producers and consumers: baozi and eaters"};
    l.summary = {
        "厨师进程（生产者）把做好的包子、骨头、泔水放进一个 Queue，吃货进程（消费者）从队列里"
        "取出来吃。生产者做完以后，主进程给每个吃货发一个结束信号 None。也可以试试少发一个 "
        "None 的错误，以及 JoinableQueue 的做法：吃货每吃完一个就 task_done()，生产者 join() "
        "等到全部吃完，吃货设成守护进程。每个食物都有编号，最后核对有没有丢的、有没有被吃两次的。",
        "Cook processes (producers) put the baozi, bones and swill they make into a Queue; "
        "eater processes (consumers) take them out and eat them. When the cooks are done, the "
        "main process sends each eater an end signal, None. Also try the bug of one None too "
        "few, and the JoinableQueue way: eaters call task_done() after each item, cooks join() "
        "until everything is eaten, and the eaters are daemons. Every item is numbered, and the "
        "end checks that none was lost and none eaten twice."};
    l.watch = {
        "看队列里排着的食物：厨师快时它越排越长（maxsize 满了厨师就阻塞在 put 上），吃货快时它是空"
        "的，吃货阻塞在 get 上。再看最后的 None：每个吃货各拿走一个。",
        "Watch the food queued up: with fast cooks the queue grows (and once maxsize is reached a "
        "cook blocks in put); with fast eaters it is empty and the eaters block in get. Then "
        "watch the Nones at the end: each eater takes one."};
    l.question = {"有两个吃货，主进程却只发了一个 None，会怎样？",
                  "Two eaters, but the main process sends only one None: what happens?"};
    l.answer = {
        "队列是进程安全的：一个数据只能被一个进程拿走。一个吃货拿走了那个 None 就结束了，另一个"
        "吃货吃完剩下的食物后永远等在 q.get() 上，主进程又永远等在 join() 上——程序结束不了"
        "（教程：“主进程永远不会结束”）。ProcLab 看到所有进程都阻塞、没有谁能唤醒它们，就以"
        "“死锁”结束这次运行。所以有几个消费者就要发几个 None，而且要等生产者全部结束之后再发，"
        "否则 None 会排在还没做出来的食物前面。JoinableQueue 换了一种思路：生产者用 join() 等到"
        "每个食物都被 task_done() 过，主进程等生产者结束，吃货是守护进程，随主进程的代码一起结束。",
        "A queue is process-safe: each item is taken by exactly one process. One eater takes the "
        "only None and ends; the other eats what is left and then waits in q.get() forever, "
        "while the main process waits in join() forever — the program never ends (the "
        "tutorial: 'the main process never ends'). ProcLab sees every process blocked with "
        "nobody able to wake them and ends the run as a deadlock. So send one None per "
        "consumer, and only after every producer has finished, or a None would queue ahead of "
        "food not yet made. JoinableQueue turns it around: producers join() until every item "
        "has been task_done(), the main process waits for the producers, and the eaters, "
        "daemons, end with the main process's code."};
    l.params = {
        {"variant",
         ParamSpec::Kind::Choice,
         0,
         2,
         0,
         {"sentinel", "too-few-sentinels", "joinable"},
         {"每个吃货一个 None / 少发一个 None / JoinableQueue 加守护进程",
          "one None per eater / one None too few / JoinableQueue with daemon eaters"}},
        {"producers",
         ParamSpec::Kind::Int,
         1,
         8,
         3,
         {},
         {"厨师（生产者）进程数", "cook (producer) processes"}},
        {"consumers",
         ParamSpec::Kind::Int,
         1,
         8,
         2,
         {},
         {"吃货（消费者）进程数", "eater (consumer) processes"}},
        {"items",
         ParamSpec::Kind::Int,
         1,
         100000,
         2,
         {},
         {"每个厨师做几个", "items each cook makes"}},
        {"maxsize",
         ParamSpec::Kind::Int,
         0,
         1000,
         0,
         {},
         {"队列长度 Queue(maxsize)，0 表示不限", "Queue(maxsize); 0: unbounded"}},
        {"speeds",
         ParamSpec::Kind::Choice,
         0,
         3,
         0,
         {"tutorial", "slow-consumers", "slow-producers", "none"},
         {"做和吃的速度：教程的（各 1~3 秒，JoinableQueue 版 0~1 秒）/ 吃得慢（做只要十分之一）/ "
          "做得慢（吃只要十分之一）/ 不等",
          "speeds: the tutorial's (1–3 s each; 0–1 s in the JoinableQueue version) / slow eaters "
          "(making takes a tenth) / slow cooks (eating takes a tenth) / no waiting"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"所有等待时间的倍数", "scale of every delay"}},
        {"seed",
         ParamSpec::Kind::Int,
         0,
         1000000,
         1,
         {},
         {"随机等待时间的种子；0 表示每次都不同（单步运行就无法按记录重放了）",
          "seed of the random delays; 0: different every run (a stepped run then cannot be "
          "replayed)"}},
    };
    l.source = embedded::producer_consumer;
    l.sourceFile = "scenarios/producer-consumer/producer-consumer.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::producer_consumer
