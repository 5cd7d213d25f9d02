// The isolation lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/isolation/isolation.h"

namespace proclab::scenarios::isolation {

Lesson lesson() {
    Lesson l;
    l.id = "isolation";
    l.topic = Topic::Processes;
    l.order = 20;
    l.title = {"进程之间的数据是隔离的", "Processes do not share their data"};
    l.summary = {
        "全局变量 n = 100。子进程用 global n 把它改成 0 并打印；主进程 join 之后再打印 n，"
        "还是 100。fork 给了子进程一份内存的副本，子进程改的是自己那一份。",
        "A global n = 100. The child sets it to 0 with global n and prints it; the main "
        "process joins, prints n, and still sees 100. fork gave the child its own copy of the "
        "memory, and the child changed only that copy."};
    l.watch = {"看两行打印的值（子进程 0，主进程 100），再看两行打印的地址：完全一样。",
               "Watch the two values printed (0 in the child, 100 in the main process), then "
               "the two addresses printed: they are identical."};
    l.question = {"子进程把全局变量 n 改成了 0，而且主进程等它改完（join）才打印。主进程会打印几？",
                  "The child sets the global n to 0, and the main process waits for it (join) "
                  "before printing. What does the main process print?"};
    l.answer = {
        "100。每个进程有自己的地址空间：fork 时子进程得到父进程内存的一份副本（写时复制），"
        "同一个虚拟地址在两个进程里对应不同的物理内存，所以地址一样、值不同。要让进程之间"
        "共享数据，必须显式地用共享内存（Value、Array）、管道或队列——把 shared 设为 true，"
        "子进程改的 Value 主进程就看得到。",
        "100. Each process has its own address space: at fork the child gets a copy of its "
        "parent's memory (copy-on-write), and the same virtual address maps to different "
        "physical memory in each, hence the same address and different values. To share data "
        "between processes you need shared memory (Value, Array), a pipe or a queue, "
        "explicitly — set shared to true and the main process sees the Value the child "
        "changed."};
    l.params = {
        {"n",
         ParamSpec::Kind::Int,
         -1000000,
         1000000,
         100,
         {},
         {"全局变量 n 的初值（n=100）", "the global n's first value (n=100)"}},
        {"shared",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"再加一个共享内存里的 Value('i', n)，子进程也把它改成 0",
          "also a Value('i', n) in shared memory, which the child sets to 0 too"}},
    };
    l.source = embedded::isolation;
    l.sourceFile = "scenarios/isolation/isolation.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::isolation
