// 注意1: 不要对同一把锁执行多次 acquire，会锁死导致程序无法执行 — tutorial 002.
// A Lock acquired twice by the same process waits for itself forever; an RLock does not.
#include "scenarios/double-acquire/double-acquire.h"

#include "engine/mp/mp.h"

namespace proclab::scenarios::double_acquire {

using namespace proclab::mp;

namespace {

void grab_twice(Lock& l, bool reentrant, bool release_between) {
    int acquired = 0;
    l.acquire();
    ++acquired;
    say("抢到了!", "got it!");
    if (release_between)
        l.release(); // 一次 acquire 必须对应一次 release

    // 第二次 acquire 之前：这把锁此刻的持有者是谁？
    const bool waits_for_itself = l.owner() == getpid() && !reentrant;
    if (waits_for_itself)
        say("第二次 acquire：锁 l 的持有者就是我自己，我在等我自己释放它——永远等不到（死锁）",
            "second acquire: the holder of lock l is me, so I wait for myself to release it — "
            "which never happens (deadlock)");
    outcome("acquired_before_second", acquired);
    invariant("no_self_deadlock", !waits_for_itself, reentrant || release_between);

    l.acquire(); // Lock：在这里永远阻塞；RLock：同一个进程可以再次获得
    ++acquired;
    say("强哥毛线!", "nothing for Brother Qiang!");
    l.release();
    if (!release_between)
        l.release(); // RLock：acquire 了几次，就要 release 几次
    outcome("acquired", acquired);
}

} // namespace

void run(const Params& p) {
    const bool release_between = p.flag("release_between");
    if (p.choice("lock_type") == "RLock") {
        RLock l("l"); // l = RLock()
        grab_twice(l, true, release_between);
    } else {
        Lock l("l"); // l = Lock()
        grab_twice(l, false, release_between);
    }
}

} // namespace proclab::scenarios::double_acquire
