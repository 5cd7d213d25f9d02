// 守护进程 — tutorials 002 (康熙和后宫佳丽) and 004 (守护进程) on real processes.
// A daemon child is terminated as soon as its parent's code ends; a non-daemon child
// lives on, and its parent waits for it before the process really exits.
#include "scenarios/daemon/daemon.h"

#include "engine/mp/mp.h"
#include "scenarios/zombie/ps.h"

#include <string>

namespace proclab::scenarios::daemon {

using namespace proclab::mp;

namespace {

double scale = 1; // delay_scale: 1 = the tutorial's seconds

// 史书：每个妃子的结局（由她们自己写下）
enum Book : std::size_t {
    DaemonDied,
    OtherDied,
    StoryOver,
    OtherOutlived,
    ChildRefused,
    DaemonPid
};

// 妃子的一生
void task(const std::string& who, const std::string& whoEn, double life, Array<int>& book,
          Book died, bool tryChild) {
    if (died == DaemonDied)
        book.set(DaemonPid, getpid());
    say(who + "入宫了.....", whoEn + " entered the palace.....");
    if (tryChild) {
        try {
            Process baby([] {});
            baby.start(); // 守护进程内无法再开启子进程
        } catch (const AssertionError& e) {
            say(std::string("AssertionError: ") + e.what());
            book.set(ChildRefused, 1);
        }
    }
    mp::sleep(life * scale);
    say(who + "病逝了......", whoEn + " died of illness......");
    book.set(died, 1);
    if (died == OtherDied)
        book.set(OtherOutlived, book.get(StoryOver)); // 康熙的代码已经执行完了吗？
}

// 康熙的一生（教程里的主进程）
void emperor(double reign, double life, Array<int>& book, bool tryChild) {
    say("登基了.....", "ascended the throne.....");
    // 找了一个妃子，设置为守护进程：必须在开启前就设置好
    Process p([&] { task("妃子甲", "Consort Jia", life, book, DaemonDied, tryChild); }, "妃子甲");
    p.daemon = true;
    p.start();
    // 另一个妃子不是守护进程
    Process q([&] { task("妃子乙", "Consort Yi", reign + 1, book, OtherDied, false); }, "妃子乙");
    q.start();
    mp::sleep(reign * scale);
    say("故事结束了!", "the story is over!");
    book.set(StoryOver, 1);
} // 康熙驾崩了：守护进程随之终止，非守护进程要等它自己结束

} // namespace

void run(const Params& p) {
    scale = p.real("delay_scale");
    const double reign = p.real("reign");
    const double life = p.real("life");
    const bool tryChild = p.flag("daemon_child");
    Array<int> book(6, false, "史书");

    Process kangxi([&] { emperor(reign, life, book, tryChild); }, "康熙");
    kangxi.start();
    kangxi.join(); // 康熙的进程等非守护的子进程结束后才真正退出

    const bool daemonDied = book.get(DaemonDied) == 1;
    const bool otherDied = book.get(OtherDied) == 1;
    const bool daemonGone = !ps::stat(book.get(DaemonPid)).has_value();
    if (!daemonDied && daemonGone)
        say("妃子甲是守护进程：康熙的代码一结束，她就被终止了（SIGTERM），没等到“病逝”",
            "consort Jia was a daemon: the moment the emperor's code ended she was terminated "
            "(SIGTERM), long before her 'death of illness'");
    if (otherDied)
        say(std::string("妃子乙不是守护进程：") +
                (book.get(OtherOutlived) == 1 ? "康熙的代码结束后她还活着，" : "") +
                "康熙的进程等她结束才退出",
            std::string("consort Yi was not a daemon: ") +
                (book.get(OtherOutlived) == 1 ? "she lived on after the emperor's code ended, "
                                                "and "
                                              : "") +
                "the emperor's process waited for her before it exited");

    outcome("daemon_finished", daemonDied ? 1 : 0);
    outcome("daemon_gone", daemonGone ? 1 : 0);
    outcome("non_daemon_finished", otherDied ? 1 : 0);
    outcome("non_daemon_outlived_code", book.get(OtherOutlived));
    outcome("emperor_exitcode", kangxi.exitcode().value_or(-1));
    if (tryChild)
        outcome("daemon_child_refused", book.get(ChildRefused));
    invariant("daemon_ends_with_its_parents_code", !daemonDied && daemonGone, life > reign);
    invariant("parent_waits_for_non_daemon_child", otherDied && kangxi.exitcode() == 0);
    if (tryChild)
        invariant("daemon_may_not_have_children", book.get(ChildRefused) == 1);
}

} // namespace proclab::scenarios::daemon
