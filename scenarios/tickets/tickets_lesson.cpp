// The ticket lesson's description: texts, parameters, the race recipe.
#include "scenarios/embedded_sources.h"
#include "scenarios/tickets/tickets.h"

namespace proclab::scenarios::tickets {

Lesson lesson() {
    Lesson l;
    l.id = "tickets";
    l.topic = Topic::Locks;
    l.order = 10;
    l.title = {"抢票：互斥锁", "Ticket booking: the lock"};
    l.summary = {
        "几个买家进程同时查票、抢最后一张票。票数存在一个真实的 JSON 文件 db 里：每个买家先读，"
        "等 0.1 秒（网络延迟），再写回。",
        "Several buyer processes check and grab the last ticket at once. The count lives in a "
        "real JSON file, db: each buyer reads it, waits 0.1 s (network delay), then writes it "
        "back."};
    l.watch = {"看每个买家读到的票数，以及 db 文件的内容什么时候变化；加锁后看谁持有锁、谁在排队。",
               "Watch the count each buyer reads and when db's content changes; with the lock, "
               "watch who holds it and who queues."};
    l.question = {"只有 1 张票、3 个买家，不加锁时会卖出几张？",
                  "One ticket, three buyers, no lock: how many tickets get sold?"};
    l.answer = {
        "三张：三个买家都在别人写回之前读到了 count=1，于是人人“购票成功”。加锁后，读-改-写"
        "变成串行，只卖出一张。用 join 代替锁也能串行，但顺序被固定，失去了公平竞争。"
        "另外，json.dump(dic, open('db','w')) 先清空文件再写：此时别人读到空文件会崩溃；"
        "atomic_write（写临时文件再改名）修好了这个问题。",
        "Three: every buyer read count=1 before anyone wrote it back, so everyone 'bought' it. "
        "With the lock the read-modify-write is serial and one ticket is sold. join instead of a "
        "lock also serialises, but in a fixed order, with no fair competition. And "
        "json.dump(dic, open('db','w')) empties the file before writing it: a buyer reading it "
        "then crashes; atomic_write (write a temp file, then rename) fixes that."};
    l.race = {"单步模式下按轮转顺序授权（1, 2, 3, 1, 2, 3 …）：三个买家都先读到 1，再各自写回 0。",
              "In step mode grant round-robin (1, 2, 3, 1, 2, 3 …): all three read 1 before any "
              "writes 0 back."};
    l.params = {
        {"tickets", ParamSpec::Kind::Int, 0, 100, 1, {}, {"db 里的票数", "tickets in db"}},
        {"buyers", ParamSpec::Kind::Int, 1, 200, 3, {}, {"买家进程数", "buyer processes"}},
        {"lock", ParamSpec::Kind::Bool, 0, 1, 0, {}, {"抢票时加锁", "hold a Lock while getting"}},
        {"lock_form",
         ParamSpec::Kind::Choice,
         0,
         1,
         0,
         {"acquire", "with"},
         {"加锁的写法：acquire/release 或 with lock", "how to lock: acquire/release or with lock"}},
        {"serial",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"用 join 代替锁：一个买家结束后才启动下一个",
          "join instead of a lock: one buyer after another"}},
        {"atomic_write",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"写临时文件再改名，db 永远不会是空的",
          "write a temp file then rename: db is never empty"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"网络延迟的倍数（0.1 秒读，0.2 秒写）", "scale of the delays (0.1 s read, 0.2 s write)"}},
    };
    l.source = embedded::tickets;
    l.sourceFile = "scenarios/tickets/tickets.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::tickets
