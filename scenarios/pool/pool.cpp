// 进程池 — multiprocessing.Pool of tutorials 004 and 003: Pool(5).map over 100 tasks
// against 100 separate processes; apply (synchronous) and apply_async; a callback that
// runs in the main process; error_callback; get(timeout); pool versus semaphore.
#include "scenarios/pool/pool.h"

#include "engine/mp/mp.h"

#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace proclab::scenarios::pool {

using namespace proclab::mp;

namespace {

// 任务函数在池里的工作进程中执行。它们看得到的全局变量，是创建进程池（fork）之前设好的那份。
double delay_scale = 1;
// 回调函数在主进程里执行：它改的是主进程自己的全局变量。
int callbacks = 0;
int error_callbacks = 0;

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}
std::string pid() {
    return std::to_string(getpid());
}
std::string pylist(const std::vector<Message>& values) { // print(res_l)
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i > 0 ? ", " : "") + values[i].repr();
    return out + "]";
}
std::vector<Message> range(int from, int to) {
    std::vector<Message> out;
    for (int i = from; i < to; ++i)
        out.emplace_back(i);
    return out;
}

// ---- 1. Pool(5).map 与 100 个进程 ----

Message func(const Message& n) {
    say(n.repr()); // print(n)
    return {};
}

void map_vs_processes(int processes, int tasks) {
    // 1.进程池的模式
    const auto s1 = Clock::now();    // 我们计算一下开多进程和进程池的执行效率
    Pool poll(processes);            // 创建含有5个进程的进程池
    poll.map(func, range(0, tasks)); // 开启100个任务，map自带join的功能
    const double t1 = since(s1);
    poll.close();
    poll.join();

    // 2.多进程的模式
    double t2 = 0;
    if (tasks <= 1000) {
        const auto s2 = Clock::now();
        std::vector<Process> p_list;
        for (int i = 0; i < tasks; ++i) {
            p_list.emplace_back([i] { func(i); });
            p_list.back().start();
        }
        for (auto& pp : p_list)
            pp.join();
        t2 = since(s2);
    } else {
        say("任务太多，不再一个任务开一个进程来比较", "too many tasks to start one process each");
    }
    char line[64];
    std::snprintf(line, sizeof line, "t1>> %.4f", t1);
    say(std::string(line) + " 秒（进程池）", std::string(line) + " s (the pool)");
    if (tasks <= 1000) {
        std::snprintf(line, sizeof line, "t2>> %.4f", t2);
        say(std::string(line) + " 秒（一个任务一个进程）",
            std::string(line) + " s (a process per task)");
    }
    outcome("pool_ms", static_cast<int64_t>(t1 * 1000));
    outcome("processes_ms", static_cast<int64_t>(t2 * 1000));
    outcome("pool_processes", poll.processes());
    outcome("separate_processes", tasks <= 1000 ? tasks : 0);
}

// ---- 2. apply（同步）与 apply_async（异步）----

Message work(const Message& n) {
    say(pid() + " run"); // print('%s run' % os.getpid())
    mp::sleep(1 * delay_scale);
    return n.toInt() * n.toInt();
}

Message work_random(const Message& n) {
    say(pid() + " run");
    std::mt19937 random(static_cast<unsigned>(n.toInt())); // time.sleep(random.random())
    mp::sleep(std::uniform_real_distribution<double>(0, 1)(random) * delay_scale);
    return n.toInt() * n.toInt();
}

void apply_sync(int processes, int tasks) {
    const auto start = Clock::now();
    Pool p(processes); // 进程池中从无到有创建三个进程，以后一直是这三个进程在执行任务
    std::vector<Message> res_l;
    for (int i = 0; i < tasks; ++i) {
        const Message res = p.apply(work, i); // 同步调用，直到本次任务执行完毕拿到res
        res_l.push_back(res); // 不管该任务是否存在阻塞，同步调用都会在原地等着
    }
    say(pylist(res_l));
    outcome("elapsed_ms", static_cast<int64_t>(since(start) * 1000));
    bool squares = static_cast<int>(res_l.size()) == tasks;
    for (int i = 0; i < tasks && squares; ++i)
        squares = res_l[static_cast<std::size_t>(i)].toInt() == i * i;
    invariant("results_are_squares_in_order", squares);
} // p 没有 close/join：进程池被回收时 terminate() 它的工作进程，不会留下进程

void apply_async_demo(int processes, int tasks) {
    const auto start = Clock::now();
    Pool p(processes);
    std::vector<AsyncResult> res_l;
    for (int i = 0; i < tasks; ++i) {
        AsyncResult res = p.apply_async(work_random, i); // 异步运行：每次最多3个子进程在执行
        res_l.push_back(res); // 执行完一个就释放一个进程，这个进程就去接收新的任务
    }
    p.close(); // 不是关闭进程池，而是结束进程池接收任务，确保没有新任务再提交过来
    p.join(); // 感知进程池中的任务已经执行结束
    std::vector<Message> nums;
    for (auto& res : res_l) {
        nums.push_back(res.get()); // 使用get来获取apply_async的结果
        say(nums.back().repr());
    }
    outcome("elapsed_ms", static_cast<int64_t>(since(start) * 1000));
    bool squares = static_cast<int>(nums.size()) == tasks;
    for (int i = 0; i < tasks && squares; ++i)
        squares = nums[static_cast<std::size_t>(i)].toInt() == i * i;
    invariant("results_are_squares_in_order", squares);
}

// ---- 3. 回调函数在主进程里执行 ----

Message func1(const Message& n) {
    say("func1>> " + pid());
    say("func1");
    return n.toInt() * n.toInt();
}

void func2(const Message& nn) {
    say("func2>> " + pid());
    say("func2");
    say(nn.repr());
    ++callbacks; // 如果回调在工作进程里执行，主进程的 callbacks 就不会变
}

void callback_demo(int processes, int tasks) {
    say("主进程: " + pid(), "main process: " + pid());
    Pool p(processes);
    // args里面的10给了func1，func1的返回值作为回调函数的参数给了callback对应的函数
    for (int i = 10; i < 10 + tasks; ++i)
        p.apply_async(func1, i, func2);
    p.close();
    p.join();
    outcome("callbacks_in_main", callbacks);
    invariant("callbacks_run_in_the_main_process", callbacks == tasks);
}

// ---- 4. error_callback ----

Message test(const Message& name) {
    say("[子进程" + name.repr() + "]PID=" + pid() + ",PPID=" + std::to_string(getppid()),
        "[child " + name.repr() + "] PID=" + pid() + ", PPID=" + std::to_string(getppid()));
    mp::sleep(1 * delay_scale);
    return name;
}

Message error_test(const Message& name) {
    say("[子进程" + name.repr() + "]PID=" + pid() + ",PPID=" + std::to_string(getppid()),
        "[child " + name.repr() + "] PID=" + pid() + ", PPID=" + std::to_string(getppid()));
    throw std::runtime_error("[子进程" + name.repr() + "]啊,我挂了~");
}

void callback(const Message& result) { // 成功之后的回调函数
    say("[子进程" + result.repr() + "]执行完毕", "[child " + result.repr() + "] finished");
    ++callbacks;
}

void error_callback(const std::string& msg) { // 错误之后的回调函数
    say(msg, msg + " (the task's exception, given to error_callback)");
    ++error_callbacks;
}

void error_callback_demo(int processes, int tasks) {
    say("[父进程]PID=" + pid() + ",PPID=" + std::to_string(getppid()),
        "[parent] PID=" + pid() + ", PPID=" + std::to_string(getppid()));
    Pool p(processes); // Pool()：默认 CPU 核数个进程
    for (int i = 0; i < tasks; ++i) {
        if (i > 2) // 搞2个出错的看看
            p.apply_async(error_test, i, callback, error_callback);
        else // 异步执行，成功后执行callback函数
            p.apply_async(test, i, callback);
    }
    p.close(); // 关闭池，不再加入新任务
    p.join();  // 等待所有子进程执行完毕回收资源
    say("over");
    outcome("succeeded", callbacks);
    outcome("failed", error_callbacks);
    invariant("every_task_reported_once", callbacks + error_callbacks == tasks);
    invariant("failures_went_to_error_callback", error_callbacks == std::max(0, tasks - 3));
}

// ---- 5. get(timeout) ----

Message square(const Message& x) { // test(x)
    mp::sleep(1 * delay_scale);
    return x.toInt() * x.toInt();
}

void get_timeout_demo(int processes) {
    Pool pool(processes);
    AsyncResult task = pool.apply_async(square, 10);
    say("<multiprocessing.pool.ApplyResult object>"); // print(task)
    bool timedOut = false;
    try {
        say(task.get(1 * delay_scale).repr()); // 最多等 1 秒
    } catch (const TimeoutError&) {
        timedOut = true;
        say("超时了~", "timed out~");
    }
    outcome("timed_out", timedOut ? 1 : 0);
} // 主进程结束，进程池被回收：terminate() 掉工作进程

// ---- 6. 进程池和信号量的区别 ----

Message car(const Message& i) {
    say("第" + i.repr() + "辆车在拉煤（进程 " + pid() + "）",
        "truck " + i.repr() + " hauls coal (process " + pid() + ")");
    mp::sleep(0.05 * delay_scale);
    return getpid();
}

void pool_vs_semaphore(int processes, int tasks) {
    // 信号量：只有5个车道，每次只能过5辆车，但是不影响你创建100辆车
    const auto s1 = Clock::now();
    Semaphore lanes(processes, "lanes");
    std::vector<Process> cars;
    for (int i = 0; i < tasks; ++i) {
        cars.emplace_back([&lanes, i] {
            With lane(lanes);
            car(i);
        });
        cars.back().start();
    }
    std::set<int> semaphorePids;
    for (auto& c : cars) {
        c.join();
        semaphorePids.insert(c.pid());
    }
    const double t1 = since(s1);

    // 进程池：你只有5辆车，每次5个车拉东西，拉完你再把车放回来，给别人拉煤用
    const auto s2 = Clock::now();
    Pool pool(processes);
    std::set<int> poolPids;
    for (const Message& who : pool.map(car, range(0, tasks)))
        poolPids.insert(static_cast<int>(who.toInt()));
    pool.close();
    pool.join();
    const double t2 = since(s2);

    say("信号量：开了 " + std::to_string(semaphorePids.size()) + " 个进程；进程池：" +
            std::to_string(poolPids.size()) + " 个进程",
        "semaphore: " + std::to_string(semaphorePids.size()) +
            " processes; pool: " + std::to_string(poolPids.size()) + " processes");
    outcome("semaphore_processes", static_cast<int64_t>(semaphorePids.size()));
    outcome("pool_processes", static_cast<int64_t>(poolPids.size()));
    outcome("semaphore_ms", static_cast<int64_t>(t1 * 1000));
    outcome("pool_ms", static_cast<int64_t>(t2 * 1000));
    invariant("pool_never_uses_more_than_its_processes",
              static_cast<int>(poolPids.size()) <= processes);
    invariant("semaphore_starts_a_process_per_task",
              static_cast<int>(semaphorePids.size()) == tasks);
}

} // namespace

void run(const Params& p) {
    const std::string variant = p.choice("variant");
    delay_scale = p.real("delay_scale"); // 在创建进程池之前设好
    // 0: 用教程里的数字
    int processes = p.integer("processes");
    int tasks = p.integer("tasks");
    if (variant == "map") {
        map_vs_processes(processes > 0 ? processes : 5, tasks > 0 ? tasks : 100);
    } else if (variant == "apply") {
        apply_sync(processes > 0 ? processes : 3, tasks > 0 ? tasks : 10);
    } else if (variant == "apply_async") {
        apply_async_demo(processes > 0 ? processes : 3, tasks > 0 ? tasks : 10);
    } else if (variant == "callback") {
        callback_demo(processes > 0 ? processes : 5, tasks > 0 ? tasks : 1);
    } else if (variant == "error_callback") {
        error_callback_demo(processes, tasks > 0 ? tasks : 5); // Pool()
    } else if (variant == "get_timeout") {
        get_timeout_demo(processes); // Pool()
    } else {
        pool_vs_semaphore(processes > 0 ? processes : 5, tasks > 0 ? tasks : 100);
    }
}

} // namespace proclab::scenarios::pool
