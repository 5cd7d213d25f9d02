// 进程同步（锁）— tutorial 004's work(n): five processes share one terminal. Without a
// lock their "is running"/"is done" lines interleave; with one, each pair stays together.
#include "scenarios/lock-print/lock-print.h"

#include "engine/mp/mp.h"

#include <random>
#include <string>
#include <vector>

namespace proclab::scenarios::lock_print {

using namespace proclab::mp;

namespace {

double delay_scale = 1; // 睡眠时间的倍数
Queue* screen = nullptr; // 记下每一行是谁打印的（只为最后检查“成对”，不属于教程的程序）
std::mt19937 random_gen; // random 模块：每个进程 fork 之后用自己的种子播种，单步可以重放

double random_random() { // random.random()
    return std::uniform_real_distribution<double>(0.0, 1.0)(random_gen);
}

void print(int n, const std::string& line) {
    say(line);
    screen->put(Message(n));
}

std::string pid() { // os.getpid()
    return std::to_string(getpid());
}

// 第一个程序：不加锁
void work(int n) {
    print(n, std::to_string(n) + ": " + pid() + " is running");
    mp::sleep(random_random() * delay_scale); // time.sleep(random.random())
    print(n, std::to_string(n) + ": " + pid() + " is done");
}

// 第二个程序：加锁, 保证每次只有一个进程在执行锁里面的程序, 大家都变成了串行
void work(int n, Lock& lock) {
    lock.acquire();
    print(n, std::to_string(n) + ": " + pid() + " is running");
    mp::sleep(1 * delay_scale); // time.sleep(1)
    print(n, std::to_string(n) + ":" + pid() + " is done");
    lock.release(); // 解锁, 解锁之后其他进程才能去执行自己的程序
}

} // namespace

void run(const Params& p) {
    const int processes = p.integer("processes");
    const bool use_lock = p.flag("lock");
    const int seed = p.integer("seed");
    delay_scale = p.real("delay_scale");

    Lock lock("lock"); // lock=Lock()
    Queue log(0, "screen");
    screen = &log;

    std::vector<Process> ps;
    for (int i = 0; i < processes; ++i) {
        ps.emplace_back([&, i] {
            random_gen.seed(static_cast<unsigned>(seed * 1000 + i));
            if (use_lock)
                work(i, lock); // Process(target=work, args=(i, lock))
            else
                work(i); // Process(target=work, args=(i,))
        });
        ps.back().start();
    }
    for (auto& proc : ps) // 教程没有 join；这里等它们打印完，才能检查结果
        proc.join();

    // 每个进程的两行是否紧挨着：第 2k 行和第 2k+1 行属于同一个进程
    int pairs = 0;
    int previous = -1;
    for (int k = 0; k < 2 * processes; ++k) {
        const int n = static_cast<int>(log.get().toInt());
        if (k % 2 == 1 && n == previous)
            ++pairs;
        previous = n;
    }
    outcome("processes", processes);
    outcome("lines", 2 * processes);
    outcome("paired", pairs);
    invariant("each_process_prints_its_pair_together", pairs == processes, use_lock);
}

} // namespace proclab::scenarios::lock_print
