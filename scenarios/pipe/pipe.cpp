// 管道 — Pipe of tutorial 004 (a None at the end; closing the unused ends gives
// EOFError) and the one-way Pipe(duplex=False) of tutorial 003, which deadlocks when
// the reader waits before the writer is started.
#include "scenarios/pipe/pipe.h"

#include "engine/mp/mp.h"

#include <string>
#include <tuple>

namespace proclab::scenarios::pipe {

using namespace proclab::mp;

namespace {

// ---- 发完消息再发一个 None ----

void func(Connection& conn, int expected) {
    int received = 0;
    while (true) {
        const Message msg = conn.recv();
        if (msg.isNone())
            break; // 收到 None 就结束接收
        ++received;
        say(msg.str(), "let's meet up (" + msg.str() + ")"); // print(msg)
    }
    outcome("received", received);
    invariant("every_message_received", received == expected);
}

void sentinel(int messages) {
    Connection conn1, conn2;
    std::tie(conn1, conn2) = Pipe(true, "pipe"); // 双工：两端都可以收发
    Process p([&] { func(conn1, messages); });
    p.start();
    for (int i = 0; i < messages; ++i)
        conn2.send("约吧");
    conn2.send(nullptr); // 结束信号
    outcome("sent", messages);
    // 主进程的代码到这里就结束了，它会等非守护的子进程 p 结束（Python 的规则）
}

// ---- 关闭不用的一端：EOFError ----

void consumer(Connection& produce, Connection& consume, const std::string& name, bool closeUnused,
              int expected) {
    if (closeUnused)
        produce.close(); // 消费者不写：关掉自己手里的输入端（不写close将不会引发EOFError）
    int received = 0;
    while (true) {
        try {
            const Message baozi = consume.recv();
            ++received;
            say(name + " 收到包子:" + baozi.repr(), name + " got baozi: " + baozi.repr());
        } catch (const EOFError&) {
            say("EOFError：所有进程都关掉了管道的输入端，再也不会有数据了",
                "EOFError: every process has closed the pipe's sending end, nothing more will "
                "come");
            break;
        }
    }
    outcome("received", received);
    outcome("eof", 1);
    invariant("every_message_received", received == expected);
}

void producer(int seq, Connection& produce, Connection& consume) {
    consume.close(); // 生产者不读：关掉输出端
    for (int i = 0; i < seq; ++i)
        produce.send(i);
}

void closingEnds(int messages, bool closeUnused) {
    Connection produce, consume;
    std::tie(produce, consume) = Pipe(true, "pipe");
    Process c1([&] { consumer(produce, consume, "c1", closeUnused, messages); }, "c1");
    c1.start();
    producer(messages, produce, consume); // seq = (i for i in range(10))
    produce.close();
    consume.close();
    outcome("sent", messages);
    c1.join(); // 忘了关：c1 永远等在 recv() 上，主进程永远等在这里
    say("主进程", "main process");
}

// ---- Pipe(duplex=False)：只能一个方向 ----

void test(Connection& w) {
    w.send("[子进程]老爸,咱们完了,老妈一直在门口~"); // 只能写
}

void oneWay(bool wrongOrder) {
    Connection r, w;
    std::tie(r, w) = Pipe(false, "pipe"); // r, w = Pipe(duplex=False)
    Process p1([&] { test(w); }, "p1");
    if (!wrongOrder)
        p1.start(); // 把 start 挪到 recv 后面就直接死锁了（提示：阻塞读写）
    else
        say("主进程先 recv()，子进程还没 start……",
            "the main process calls recv() before the child is started...");
    const Message msg = r.recv(); // 只能读
    say(msg.str(), "[child] Dad, we're done for, Mom is at the door the whole time~");
    if (wrongOrder)
        p1.start();
    p1.join();
    outcome("received", 1);
}

} // namespace

void run(const Params& p) {
    const std::string variant = p.choice("variant");
    const int messages = p.integer("messages");
    if (variant == "sentinel")
        sentinel(messages);
    else if (variant == "eof")
        closingEnds(messages, true);
    else if (variant == "forgot-close")
        closingEnds(messages, false);
    else
        oneWay(variant == "wrong-order");
}

} // namespace proclab::scenarios::pipe
