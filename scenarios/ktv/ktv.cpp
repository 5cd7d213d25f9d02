// 信号量 — tutorial 004's KTV: Semaphore(4) lets at most four of thirteen users into the
// rooms at once; the others wait at the door until someone leaves.
#include "scenarios/ktv/ktv.h"

#include "engine/mp/mp.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace proclab::scenarios::ktv {

using namespace proclab::mp;

namespace {

// random.randint(a, b)：每个用户进程在 fork 之后用自己的种子播种，单步运行可以重放
std::mt19937 random_gen;
int randint(int a, int b) {
    return std::uniform_int_distribution<int>(a, b)(random_gen);
}

// 门口的计数牌：屋里现在有几个人、最多时有几个人（只为检查结果，不属于教程的程序）
struct Door {
    Value<int> inside{0, true, "inside"};
    Value<int> max_inside{0, false, "max_inside"};
    void enter() {
        With with(inside.get_lock());
        inside.set(inside.value() + 1);
        max_inside.set(std::max(max_inside.value(), inside.value()));
    }
    void leave() {
        With with(inside.get_lock());
        inside.set(inside.value() - 1);
    }
};

void go_ktv(Semaphore& sem, const std::string& user, Door& door, double scale) {
    sem.acquire();
    say(user + " 占到一间ktv小屋", user + " got a KTV room");
    door.enter();
    mp::sleep(randint(0, 3) * scale); // 模拟每个人在ktv中待的时间不同
    door.leave();
    say(user + " 离开了ktv小屋", user + " left the KTV room");
    sem.release();
}

} // namespace

void run(const Params& p) {
    const int rooms = p.integer("rooms");
    const int users = p.integer("users");
    const double scale = p.real("delay_scale");
    const int seed = p.integer("seed");

    Semaphore sem(rooms, "sem"); // sem=Semaphore(4)
    Door door;

    std::vector<Process> p_l;
    for (int i = 0; i < users; ++i) {
        p_l.emplace_back([&, i] {
            random_gen.seed(static_cast<unsigned>(seed * 1000 + i));
            go_ktv(sem, "user" + std::to_string(i), door, scale); // args=(sem, 'user%s' % i)
        });
        p_l.back().start();
    }
    for (auto& i : p_l)
        i.join();
    say("=====》");

    const int max_inside = door.max_inside.value();
    outcome("max_inside", max_inside);
    outcome("rooms", rooms);
    outcome("users", users);
    invariant("never_more_than_rooms_inside", max_inside <= rooms);
    invariant("everyone_left", door.inside.value() == 0);
}

} // namespace proclab::scenarios::ktv
