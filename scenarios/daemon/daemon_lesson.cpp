// The daemon lesson's description: texts and parameters.
#include "scenarios/daemon/daemon.h"
#include "scenarios/embedded_sources.h"

namespace proclab::scenarios::daemon {

Lesson lesson() {
    Lesson l;
    l.id = "daemon";
    l.topic = Topic::Processes;
    l.order = 30;
    l.title = {"守护进程：康熙和他的妃子", "Daemon processes: the emperor and his consorts"};
    l.summary = {
        "康熙（一个进程）登基后找了两个妃子（两个子进程）。妃子甲设为守护进程："
        "康熙的代码一结束，她就随之终止；妃子乙是普通进程：康熙的代码结束后她照样活着，"
        "康熙的进程要等她结束才真正退出。这里的主进程只是旁观的史官，最后记下结局。",
        "The emperor Kangxi (a process) takes two consorts (two children). Consort Jia is a "
        "daemon: when the emperor's code ends, so does she. Consort Yi is an ordinary process: "
        "she lives on after the emperor's code has ended, and the emperor's process waits for "
        "her before it really exits. The main process here only watches, like a court "
        "historian, and records how it ended."};
    l.watch = {"看“故事结束了!”之后：妃子甲立刻消失，从来没有打印“病逝了”；妃子乙还在睡，"
               "康熙的进程停在退出的地方等她，她“病逝了”之后康熙才结束。",
               "Watch what follows 'the story is over!': consort Jia vanishes at once and never "
               "prints her death; consort Yi is still sleeping, the emperor's process waits at "
               "its exit for her, and ends only after she has died."};
    l.question = {"妃子甲要活 50 秒，康熙只在位 3 秒。康熙的代码执行完时，两个妃子会怎样？",
                  "Consort Jia would live 50 s and the emperor reigns only 3 s. What happens to "
                  "the two consorts when the emperor's code is done?"};
    l.answer = {
        "守护进程在父进程的代码执行结束后就被终止（multiprocessing 给它发 SIGTERM），所以妃子甲"
        "“陪葬”了；非守护进程不受影响，父进程的代码结束后还要 join 它，所以妃子乙活完了一生，"
        "康熙的进程才退出。守护进程适合“父进程不在了，子任务也没有意义”的场景（比如 QQ 退出后"
        "下载任务也就停了）。另外，守护进程内无法再开启子进程（daemon_child=true 试一试）。",
        "A daemon child is terminated once its parent's code has ended (multiprocessing sends "
        "it SIGTERM), so consort Jia 'is buried with him'; a non-daemon child is not touched — "
        "the parent still joins it after its code ends — so consort Yi lives out her life and "
        "only then does the emperor's process exit. Daemons suit tasks that make no sense once "
        "their parent is gone (a download started by a chat client that quits). Also, a daemon "
        "may not start children of its own (try daemon_child=true)."};
    l.params = {
        {"reign",
         ParamSpec::Kind::Real,
         0,
         60,
         3,
         {},
         {"康熙在位几秒（time.sleep(3)）；妃子乙比他多活 1 秒",
          "seconds the emperor reigns (time.sleep(3)); consort Yi lives 1 s longer"}},
        {"life",
         ParamSpec::Kind::Real,
         0,
         600,
         50,
         {},
         {"守护进程妃子甲的一生有几秒（time.sleep(50)）",
          "seconds the daemon consort Jia would live (time.sleep(50))"}},
        {"daemon_child",
         ParamSpec::Kind::Bool,
         0,
         1,
         0,
         {},
         {"让守护进程试着开一个子进程（会抛出 AssertionError）",
          "let the daemon try to start a child (raises AssertionError)"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"所有时间的倍数", "scale of every time"}},
    };
    l.source = embedded::daemon;
    l.sourceFile = "scenarios/daemon/daemon.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::daemon
