// The KTV lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/ktv/ktv.h"

namespace proclab::scenarios::ktv {

Lesson lesson() {
    Lesson l;
    l.id = "ktv";
    l.topic = Topic::Synchronization;
    l.order = 10;
    l.title = {"信号量：4 间 KTV 小屋", "Semaphore: four KTV rooms"};
    l.summary = {
        "Semaphore(4) 是一个计数器为 4 的锁：每次 acquire 计数减 1，release 加 1，计数为 0 时"
        "acquire 就阻塞。13 个用户进程去唱 KTV，同时最多 4 个人在屋里，每人待 0-3 秒，"
        "其余的人在门口排队，有人出来才能进去。",
        "Semaphore(4) is a lock with a counter of 4: each acquire takes 1 from it, each release "
        "gives 1 back, and acquire blocks while it is 0. Thirteen user processes go to the KTV; "
        "at most four are inside at once, each stays 0-3 seconds, and the others queue at the "
        "door until someone comes out."};
    l.watch = {
        "看信号量的计数和排队的用户：每当有人“离开了ktv小屋”，排在最前面的人就“占到一间ktv小屋”。",
        "Watch the semaphore's counter and the queue of users: each time someone leaves a "
        "room, the first in the queue gets one."};
    l.question = {"13 个用户、4 间屋子，任何时刻屋里最多有几个人？谁先进去？",
                  "Thirteen users and four rooms: how many can be inside at any moment? Who gets "
                  "in first?"};
    l.answer = {
        "最多 4 个：计数为 0 时 acquire 阻塞，直到有人 release。先进去的是先抢到信号量的 4 个，"
        "不一定是 user0-user3，由调度决定；之后按排队的先后，谁出来就把位置让给下一个。"
        "信号量和进程池很像（都限制同时工作的个数），但进程池限制的是进程数，这里 13 个进程"
        "都被创建了，信号量限制的是同时进入某段代码的进程数。",
        "Four: with the counter at 0, acquire blocks until someone releases. The first four in "
        "are the first four to reach the semaphore, not necessarily user0-user3 — the scheduler "
        "decides; after that each user who leaves hands the place to the next in the queue. A "
        "semaphore looks like a pool (both limit how many work at once), but a pool limits the "
        "number of processes, while here all thirteen processes exist and the semaphore limits "
        "how many are inside a piece of code at once."};
    l.params = {
        {"rooms",
         ParamSpec::Kind::Int,
         1,
         20,
         4,
         {},
         {"KTV 小屋数（信号量初值）", "rooms "
                                      "(the semaphore's initial value)"}},
        {"users", ParamSpec::Kind::Int, 1, 100, 13, {}, {"用户进程数", "user processes"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"每人待在屋里的时间（0-3 秒随机）的倍数", "scale of each stay (random 0-3 s)"}},
        {"seed",
         ParamSpec::Kind::Int,
         0,
         1000000,
         1,
         {},
         {"random.randint 的种子：同一个种子，同样的停留时间",
          "seed of random.randint: same seed, same stays"}},
    };
    l.source = embedded::ktv;
    l.sourceFile = "scenarios/ktv/ktv.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::ktv
