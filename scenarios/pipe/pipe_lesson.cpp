// The pipe lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/pipe/pipe.h"

namespace proclab::scenarios::pipe {

Lesson lesson() {
    Lesson l;
    l.id = "pipe";
    l.topic = Topic::Ipc;
    l.order = 30;
    l.title = {"管道：结束信号、EOFError 与单向管道的死锁",
               "Pipes: an end signal, EOFError, and the one-way pipe's deadlock"};
    l.summary = {
        "Pipe() 返回管道的两端，两个进程各拿一端收发消息。告诉接收方“没有了”有两种办法："
        "发完消息再发一个 None；或者所有进程都关掉发送端，接收方的 recv() 抛出 EOFError——"
        "前提是每个进程都关掉自己不用的那一端。最后是教程 003 的单向管道 Pipe(duplex=False)："
        "先 recv() 再 start() 子进程，就会死锁。",
        "Pipe() returns the two ends of a pipe; two processes each take one end and send and "
        "receive messages. Ways to tell the receiver 'that is all': send a None after the "
        "messages; or have every process close the sending end, so that recv() raises EOFError "
        "— provided each process closes the end it does not use. Last, tutorial 003's one-way "
        "Pipe(duplex=False): recv() before the child is started deadlocks."};
    l.watch = {
        "看管道里正在传的消息，以及每一端还有几个进程开着。eof：两个进程都关掉输入端的那一刻，"
        "c1 的 recv() 抛出 EOFError。forgot-close 和 wrong-order：看谁阻塞在哪里、为什么没人能"
        "唤醒它。",
        "Watch the messages in flight and how many processes still hold each end open. eof: the "
        "moment both processes have closed the sending end, c1's recv() raises EOFError. "
        "forgot-close and wrong-order: watch who blocks where, and why nobody can wake them."};
    l.question = {"生产者已经 close() 了发送端，为什么消费者还是收不到 EOFError？",
                  "The producer has closed its sending end: why does the consumer still not get "
                  "EOFError?"};
    l.answer = {
        "管道的每一端由操作系统做引用计数：fork 出来的子进程也拿着两端的副本。只有所有进程都关掉了"
        "同一端，另一头的 recv() 才会得到 EOF；消费者自己手里的输入端没关（forgot-close），"
        "EOF 就永远不会来，消费者永远阻塞在 recv() 上，主进程永远阻塞在 join() 上——ProcLab 看到"
        "所有进程都阻塞、谁也唤醒不了谁，就以“死锁”结束这次运行。所以要在生产者里关掉输出端、"
        "在消费者里关掉输入端，或者干脆用一个 None 做结束信号。单向管道的死锁（wrong-order）"
        "也是阻塞读写造成的：recv() 会一直等到有消息，而唯一能发消息的子进程要等 recv() "
        "返回后才 start()，于是谁也等不到谁。",
        "The OS counts references to each end of a pipe, and a forked child holds copies of "
        "both ends. recv() gets EOF only once every process has closed the other end; if the "
        "consumer keeps its own copy of the sending end open (forgot-close), EOF never comes: "
        "the consumer blocks in recv() forever and the main process blocks in join() forever — "
        "ProcLab sees every process blocked with nobody able to wake anyone and ends the run as "
        "a deadlock. So close the receiving end in the producer and the sending end in the "
        "consumer, or simply end with a None. The one-way pipe's deadlock (wrong-order) comes "
        "from blocking reads as well: recv() waits until a message arrives, and the only "
        "process that could send one is started only after recv() returns, so neither ever "
        "comes."};
    l.params = {
        {"variant",
         ParamSpec::Kind::Choice,
         0,
         4,
         0,
         {"sentinel", "eof", "forgot-close", "one-way", "wrong-order"},
         {"最后发 None / 关掉不用的一端得到 EOFError / 忘了关（永远等下去）/ "
          "单向管道 / 单向管道先 recv 再 start（死锁）",
          "a None at the end / close the unused ends, get EOFError / forget to close (waits "
          "forever) / one-way pipe / one-way pipe, recv before start (deadlock)"}},
        {"messages", ParamSpec::Kind::Int, 1, 100, 10, {}, {"发几条消息", "messages to send"}},
    };
    l.source = embedded::pipe;
    l.sourceFile = "scenarios/pipe/pipe.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::pipe
