// 队列的方法 — Queue(3) of tutorial 004: put, get, put_nowait, get_nowait, full, empty;
// and get(block=True, timeout=2) of tutorial 002.
#include "scenarios/queue-basics/queue-basics.h"

#include "engine/mp/mp.h"

#include <sstream>
#include <string>
#include <vector>

namespace proclab::scenarios::queue_basics {

using namespace proclab::mp;

namespace {

std::string text(bool value) {
    return value ? "True" : "False";
} // print(True)

std::string seconds(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

void run(const Params& p) {
    const int maxsize = p.integer("maxsize");
    const double timeout = p.real("timeout");

    Queue q(maxsize, "q"); // 创建一个队列对象，队列长度为3
    for (int i = maxsize; i >= 1; --i)
        q.put(i); // 往队列中添加数据：3, 2, 1

    if (p.flag("blocking_put")) {
        say("q.put(4)：队列已经满了，程序就会停在这里，等待数据被别人取走……",
            "q.put(4): the queue is full, so the program stops here and waits for someone to "
            "take an item...");
        q.put(maxsize + 1); // 如果队列中的数据一直不被取走，程序就会永远停在这里。
    }

    bool fullRaised = false;
    try {
        q.put_nowait(maxsize + 1); // 队列满了不会阻塞，但是会因为队列满了而报错
    } catch (const Full&) { // 用 try 处理这个错误：程序不会阻塞，但是会丢掉这个消息
        fullRaised = true;
        say("队列已经满了", "the queue is full");
    }
    const bool full = q.full(); // 查看是否满了，满了返回True，不满返回False
    say(text(full));

    std::vector<int64_t> got;
    for (int i = 0; i < maxsize; ++i) {
        const Message item = q.get(); // 取出数据
        got.push_back(item.toInt());
        say(item.repr());
    }

    bool emptyRaised = false;
    try {
        q.get_nowait(); // 队列空了不会阻塞，但是会因为没取到值而报错
    } catch (const Empty&) {
        emptyRaised = true;
        say("队列已经空了", "the queue is empty");
    }
    const bool empty = q.empty(); // 空了
    say(text(empty));

    bool timedOut = false;
    try {
        q.get(true, timeout); // q.get(block=True, timeout=2)：最多等 2 秒
    } catch (const Empty&) {  // 超过时间还是没有值，则抛出异常
        timedOut = true;
        say("等了 " + seconds(timeout) + " 秒还是没有值：抛出 queue.Empty",
            "waited " + seconds(timeout) + " s and still nothing: queue.Empty raised");
    }

    bool fifo = static_cast<int>(got.size()) == maxsize;
    for (std::size_t i = 0; i < got.size(); ++i)
        fifo = fifo && got[i] == maxsize - static_cast<int64_t>(i);
    outcome("put", maxsize);
    outcome("got", static_cast<int64_t>(got.size()));
    outcome("full_raised", fullRaised ? 1 : 0);
    outcome("empty_raised", emptyRaised ? 1 : 0);
    outcome("timeout_raised", timedOut ? 1 : 0);
    invariant("first_in_first_out", fifo);
    invariant("put_nowait_on_full_raises_full", full && fullRaised);
    invariant("get_nowait_on_empty_raises_empty", empty && emptyRaised);
    invariant("get_with_timeout_raises_empty", timedOut);
}

} // namespace proclab::scenarios::queue_basics
