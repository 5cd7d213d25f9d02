// 进程的状态 — tutorials 002–004 (进程三态图 / 五态) on real processes.
// 新建 → 就绪 (start) → 运行 (被调度) → 就绪 (时间片用完) 或 阻塞 (等事件: sleep, recv)
// → 就绪 (事件发生了) → 运行 → 终止. Each process names its transitions as they
// happen; the kernel's own books (/proc/self/schedstat, /proc/self/status) say how
// long it sat in the ready queue and how often its time slice ran out.
#include "scenarios/process-states/process-states.h"

#include "engine/mp/mp.h"
#include "scenarios/zombie/ps.h"

#include <sched.h>
#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

namespace proclab::scenarios::process_states {

using namespace proclab::mp;

namespace {

double scale = 1; // delay_scale: 1 = the tutorial's time.sleep(1)

std::string str(long v) {
    return std::to_string(v);
}

enum class State { New, Ready, Running, Blocked, Terminated };

std::string zh(State s) {
    const char* names[] = {"新建态", "就绪态", "运行态", "阻塞态", "终止态"};
    return names[static_cast<int>(s)];
}
std::string en(State s) {
    const char* names[] = {"new", "ready", "running", "blocked", "terminated"};
    return names[static_cast<int>(s)];
}

// 五态图里允许的转换
bool allowed(State from, State to) {
    switch (from) {
    case State::New: return to == State::Ready;
    case State::Ready: return to == State::Running;
    case State::Running:
        return to == State::Ready || to == State::Blocked || to == State::Terminated;
    case State::Blocked: return to == State::Ready;
    case State::Terminated: return false;
    }
    return false;
}

// 一个进程的一生：状态一变就说出来，并按五态图检查
struct Life {
    std::string who, whoEn;
    State now = State::Ready; // start() 之后，子进程从就绪态开始
    int moves = 0;
    bool ok = true;

    void go(std::initializer_list<State> path, const std::string& whyZh, const std::string& whyEn) {
        std::string lineZh = who + ": " + zh(now);
        std::string lineEn = whoEn + ": " + en(now);
        for (State next : path) {
            ok = ok && allowed(now, next);
            now = next;
            ++moves;
            lineZh += " → " + zh(next);
            lineEn += " → " + en(next);
        }
        say(lineZh + "（" + whyZh + "）", lineEn + " (" + whyEn + ")");
    }
};

// 内核的账本：在 CPU 上运行的时间、在就绪队列里等的时间，以及时间片用完被换下的次数
struct Books {
    long runMs = 0;
    long readyMs = 0;
    long preempted = 0;
};
Books books() {
    Books b;
    std::ifstream schedstat("/proc/self/schedstat");
    long long run = 0;
    long long wait = 0;
    schedstat >> run >> wait;
    b.runMs = static_cast<long>(run / 1'000'000);
    b.readyMs = static_cast<long>(wait / 1'000'000);
    std::ifstream status("/proc/self/status");
    const std::string key = "nonvoluntary_ctxt_switches:";
    for (std::string line; std::getline(status, line);)
        if (line.starts_with(key))
            b.preempted = std::atol(line.c_str() + key.size());
    return b;
}

double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// 纯计算：在 CPU 上算满 ms 毫秒，不做任何 I/O
void compute(double ms) {
    volatile double x = 0;
    for (const double end = cpuMs() + ms; cpuMs() < end;)
        for (int i = 0; i < 1000; ++i)
            x = x * 0.999 + 1;
}

// 计算型进程：只用 CPU，不会阻塞；只会因为时间片用完回到就绪态
void cruncher(const std::string& who, const std::string& whoEn, double ms, Array<long>& book,
              std::size_t row) {
    Life life{who, whoEn};
    life.go({State::Running}, "被调度到 CPU 上，开始计算",
            "scheduled onto a CPU, starts computing");
    const Books start = books();
    long seen = start.preempted;
    int told = 0;
    for (double done = 0; done < ms; done += 5) {
        compute(std::min(5.0, ms - done));
        const long now = books().preempted;
        if (now > seen && told++ < 2)
            life.go({State::Ready, State::Running}, "时间片用完，被换下；又被调度回来",
                    "its time slice ran out, it was switched out, then scheduled again");
        seen = now;
    }
    const Books end = books();
    const long preempted = end.preempted - start.preempted;
    say(who + ": 算完了。在 CPU 上运行了 " + str(end.runMs) + " 毫秒，在就绪队列里等了 " +
            str(end.readyMs) + " 毫秒，时间片用完被换下 " + str(preempted) + " 次",
        whoEn + ": done computing. It ran " + str(end.runMs) + " ms on a CPU, waited " +
            str(end.readyMs) + " ms in the ready queue, and ran out of its time slice " +
            str(preempted) + " times");
    life.go({State::Terminated}, "任务结束", "its task is done");
    book.set(row * 4 + 0, life.ok ? 1 : 0);
    book.set(row * 4 + 1, life.moves);
    book.set(row * 4 + 2, preempted);
    book.set(row * 4 + 3, end.readyMs);
}

// I/O 型进程：sleep 和 recv 都让它进入阻塞态，事件发生后回到就绪态
void reader(Connection& conn, Event& waiting, Array<long>& book, std::size_t row) {
    Life life{"读者", "reader"};
    life.go({State::Running}, "被调度到 CPU 上", "scheduled onto a CPU");
    life.go({State::Blocked}, "time.sleep(1)：等时间过去", "time.sleep(1): waits for time to pass");
    mp::sleep(1 * scale);
    life.go({State::Ready, State::Running}, "sleep 完成了：事件发生，回到就绪队列，再被调度",
            "the sleep is over: the event happened, back to the ready queue, then scheduled");
    const bool empty = !conn.poll();
    if (empty)
        life.go({State::Blocked}, "conn.recv()：管道里还没有数据，等数据",
                "conn.recv(): the pipe is empty, waits for data");
    waiting.set();
    const Message data = conn.recv();
    if (empty)
        life.go({State::Ready, State::Running},
                "收到 " + data.repr() + "：数据来了，回到就绪队列，再被调度",
                "received " + data.repr() +
                    ": the data came, back to the ready queue, then "
                    "scheduled");
    life.go({State::Terminated}, "任务结束", "its task is done");
    book.set(row * 4 + 0, life.ok ? 1 : 0);
    book.set(row * 4 + 1, life.moves);
    book.set(row * 4 + 2, empty ? 1 : 0);
    book.set(row * 4 + 3, data == Message("数据") ? 1 : 0);
}

} // namespace

void run(const Params& p) {
    scale = p.real("delay_scale");
    const int n = p.integer("cpu_tasks");
    const double ms = p.real("compute_ms");
    if (p.flag("one_cpu")) { // 只用一个 CPU：同一时刻只有一个进程在运行（并发，不是并行）
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(std::max(0, sched_getcpu()), &one);
        sched_setaffinity(0, sizeof one, &one);
    }
    auto pipe = Pipe(false, "管道"); // Pipe(duplex=False)
    Connection& rx = pipe.first;
    Connection& tx = pipe.second;
    Event waiting("waiting");
    Array<long> book(static_cast<std::size_t>(n + 1) * 4, false, "book");

    std::vector<Process> procs;
    std::vector<std::string> names; // English names, for the English lines
    for (int i = 0; i < n; ++i) {
        const std::string who = "计算" + str(i + 1);
        const std::string whoEn = "cruncher " + str(i + 1);
        procs.emplace_back(
            [&, i, who, whoEn] { cruncher(who, whoEn, ms, book, static_cast<std::size_t>(i)); },
            who);
        names.push_back(whoEn);
    }
    procs.emplace_back([&] { reader(rx, waiting, book, static_cast<std::size_t>(n)); }, "读者");
    names.push_back("reader");
    for (std::size_t i = 0; i < procs.size(); ++i)
        say(procs[i].name() + ": 新建态（Process 对象已经创建，还没有 start）",
            names[i] + ": new (the Process object exists, not yet started)");
    for (std::size_t i = 0; i < procs.size(); ++i) {
        procs[i].start();
        say(procs[i].name() + ": 新建态 → 就绪态（start()：操作系统创建了进程，等待被调度）",
            names[i] + ": new → ready (start(): the OS created the process, it waits to be "
                       "scheduled)");
    }

    waiting.wait(); // 等读者去读管道
    const int pid = procs.back().pid();
    char state = '?';
    for (int t = 0; t < 200 && state != 'S' && state != 'D'; ++t) {
        mp::sleep(std::max(0.01, 0.1 * scale)); // 让读者在 recv 里阻塞一会儿
        const auto s = ps::stat(pid);
        state = s ? s->state : 'X';
    }
    say("ps 读者: STAT " + std::string(1, state) + " = " + ps::stateZh(state),
        "ps reader: STAT " + std::string(1, state) + " = " + ps::stateEn(state));
    say("主进程 conn.send('数据')：读者等待的事件发生了",
        "the main process sends '数据' (data): the event the reader waits for happens");
    tx.send("数据");

    int terminated = 0;
    for (std::size_t i = 0; i < procs.size(); ++i) {
        if (const auto s = ps::stat(procs[i].pid()); s && s->state == 'Z')
            say("ps " + procs[i].name() + ": STAT Z = " + ps::stateZh('Z'),
                "ps " + names[i] + ": STAT Z = " + ps::stateEn('Z'));
        procs[i].join();
        terminated += procs[i].exitcode() == 0 ? 1 : 0;
        say(procs[i].name() + ": 终止态，join 回收了它（exitcode " +
                str(procs[i].exitcode().value_or(-1)) + "）",
            names[i] + ": terminated, reaped by join (exitcode " +
                str(procs[i].exitcode().value_or(-1)) + ")");
    }

    bool ok = true;
    long preempted = 0;
    long readyMs = 0;
    for (int i = 0; i <= n; ++i) {
        const auto row = static_cast<std::size_t>(i) * 4;
        ok = ok && book.get(row) == 1;
        if (i < n) {
            preempted += book.get(row + 2);
            readyMs += book.get(row + 3);
        }
    }
    const auto readerRow = static_cast<std::size_t>(n) * 4;
    outcome("processes", n + 1);
    outcome("terminated", terminated);
    outcome("transitions_ok", ok ? 1 : 0);
    outcome("reader_transitions", book.get(readerRow + 1));
    outcome("blocked_recv", book.get(readerRow + 2));
    outcome("received", book.get(readerRow + 3));
    outcome("kernel_blocked", state == 'S' || state == 'D' ? 1 : 0);
    outcome("preempted", preempted);
    outcome("ready_ms", readyMs);
    invariant("transitions_follow_the_diagram", ok);
    invariant("reader_blocked_until_the_data_came",
              book.get(readerRow + 2) == 1 && book.get(readerRow + 3) == 1);
    invariant("kernel_shows_the_blocked_reader_as_sleeping", state == 'S' || state == 'D');
    invariant("every_process_terminated", terminated == n + 1);
}

} // namespace proclab::scenarios::process_states
