// 生产者消费者模型 — 包子 and 吃货 of tutorials 004 and 000: cooks put what they make
// into a Queue, eaters take it out; each consumer needs its own None to stop. Then the
// JoinableQueue version: task_done() / join() and daemon consumers.
#include "scenarios/producer-consumer/producer-consumer.h"

#include "engine/mp/mp.h"

#include <random>
#include <string>
#include <vector>

namespace proclab::scenarios::producer_consumer {

using namespace proclab::mp;

namespace {

// 厨师们做的东西（教程：包子、骨头、泔水）
const char* const kFood[][2] = {{"包子", "baozi"},   {"骨头", "bone"},     {"泔水", "swill"},
                                {"馒头", "mantou"},  {"饺子", "dumpling"}, {"油条", "youtiao"},
                                {"烧卖", "shaomai"}, {"花卷", "huajuan"}};

struct Kitchen {
    int items = 0;              // 每个厨师做几个
    double cook = 0, eat = 0;   // 一次 sleep 的单位（秒）
    unsigned seed = 0;          // 0: 每次运行都不同
    Array<int>* made = nullptr; // 记账：每个厨师做了几个
    Array<int>* eaten = nullptr; // 记账：第 k 个食物被吃了几次（只有拿到它的吃货写这一格）
};

std::mt19937 randomFor(const Kitchen& k, unsigned who) {
    return std::mt19937(k.seed != 0 ? k.seed * 131 + who : std::random_device{}());
}

// '包子1' -> which cook made it and its number k
struct Food {
    int cook = 0;
    int index = 0;
    std::string zh() const { return kFood[cook][0] + std::to_string(index); }
    std::string en() const { return kFood[cook][1] + std::to_string(index); }
};
Food parse(const std::string& res) {
    for (int c = 0; c < 8; ++c) {
        const std::string name = kFood[c][0];
        if (res.compare(0, name.size(), name) == 0)
            return {c, std::stoi(res.substr(name.size()))};
    }
    return {};
}

// 生产者都结束之后，主进程数一数一共做了几个
int countMade(int producers, const Kitchen& k) {
    int n = 0;
    for (int i = 0; i < producers; ++i)
        n += k.made->get(static_cast<std::size_t>(i));
    outcome("produced", n);
    return n;
}

void ate(const Kitchen& k, const Message& res) {
    const Food food = parse(res.str());
    const auto n = static_cast<std::size_t>(food.cook * k.items + food.index);
    say(std::to_string(getpid()) + " 吃 " + food.zh(),
        std::to_string(getpid()) + " eats " + food.en());
    k.eaten->set(n, k.eaten->get(n) + 1);
}

// ---- Queue + None ----

void producer(int name, Queue& q, const Kitchen& k) {
    std::mt19937 random = randomFor(k, 1 + static_cast<unsigned>(name));
    std::uniform_int_distribution<int> randint(1, 3);
    for (int i = 0; i < k.items; ++i) {
        mp::sleep(k.cook * randint(random)); // time.sleep(random.randint(1, 3))
        const Food res{name, i};             // res = '%s%s' % (name, i)
        q.put(res.zh());
        say(std::to_string(getpid()) + " 生产了 " + res.zh(),
            std::to_string(getpid()) + " produced " + res.en());
        k.made->set(static_cast<std::size_t>(name), i + 1);
    }
}

void consumer(int who, Queue& q, const Kitchen& k) {
    std::mt19937 random = randomFor(k, 100 + static_cast<unsigned>(who));
    std::uniform_int_distribution<int> randint(1, 3);
    while (true) {
        const Message res = q.get();
        if (res.isNone())
            break; // 收到结束信号则结束
        mp::sleep(k.eat * randint(random));
        ate(k, res);
    }
}

int withSentinels(int producers, int consumers, int maxsize, int sentinels, const Kitchen& k) {
    Queue q(maxsize, "q");
    std::vector<Process> cooks; // 生产者们：即厨师们
    for (int i = 0; i < producers; ++i)
        cooks.emplace_back([&, i] { producer(i, q, k); }, std::string("p") + std::to_string(i + 1));
    std::vector<Process> eaters; // 消费者们：即吃货们
    for (int i = 0; i < consumers; ++i)
        eaters.emplace_back([&, i] { consumer(i, q, k); },
                            std::string("c") + std::to_string(i + 1));
    for (auto& p : cooks)
        p.start(); // 开始
    for (auto& c : eaters)
        c.start();

    for (auto& p : cooks)
        p.join(); // 必须保证生产者全部生产完毕，才应该发送结束信号
    const int made = countMade(producers, k);
    for (int i = 0; i < sentinels; ++i)
        q.put(nullptr); // 有几个消费者就应该发送几次结束信号None
    say("主", "main");
    for (auto& c : eaters)
        c.join(); // 少发一个 None：有一个吃货永远等在 q.get() 上，这里就永远等下去
    return made;
}

// ---- JoinableQueue ----

void joinableProducer(int name, JoinableQueue& q, const Kitchen& k) {
    std::mt19937 random = randomFor(k, 1 + static_cast<unsigned>(name));
    std::uniform_real_distribution<double> uniform(0, 1);
    for (int i = 0; i < k.items; ++i) {
        mp::sleep(k.cook * uniform(random)); // time.sleep(random.random())
        const Food res{name, i};
        q.put(res.zh());
        say(std::to_string(getpid()) + " 生产了 " + res.zh(),
            std::to_string(getpid()) + " produced " + res.en());
        k.made->set(static_cast<std::size_t>(name), i + 1);
    }
    say(std::string(kFood[name][0]) + "生产结束", std::string(kFood[name][1]) + ": all made");
    q.join(); // 生产完毕，阻塞到队列中所有项目均被处理（每一项都 task_done 了）
    say(std::string(kFood[name][0]) + "生产结束~~~~~",
        std::string(kFood[name][1]) + ": all made and eaten~~~~~");
}

void joinableConsumer(int who, JoinableQueue& q, const Kitchen& k) {
    std::mt19937 random = randomFor(k, 100 + static_cast<unsigned>(who));
    std::uniform_real_distribution<double> uniform(0, 1);
    while (true) {
        const Message res = q.get();
        mp::sleep(k.eat * uniform(random)); // time.sleep(random.random())
        ate(k, res);
        q.task_done(); // 向q.join()发送一次信号，证明一个数据已经被取走并执行完了
    }
}

int joinable(int producers, int consumers, int maxsize, const Kitchen& k) {
    JoinableQueue q(maxsize, "q");
    std::vector<Process> p_l;
    for (int i = 0; i < producers; ++i) // 生产者们：即厨师们
        p_l.emplace_back([&, i] { joinableProducer(i, q, k); }, "p" + std::to_string(i + 1));
    for (int i = 0; i < consumers; ++i) { // 消费者们：即吃货们
        p_l.emplace_back([&, i] { joinableConsumer(i, q, k); }, "c" + std::to_string(i + 1));
        p_l.back().daemon = true; // 不加守护，主进程结束不了：吃货永远等在 q.get() 上
    }
    for (auto& p : p_l)
        p.start();
    for (int i = 0; i < producers; ++i)
        p_l[static_cast<std::size_t>(i)].join(); // 生产者结束了，它做的东西都已经被吃完了
    const int made = countMade(producers, k);
    say("主", "main");
    return made; // 主进程的代码到此结束：守护进程 c1, c2 随之结束
}

} // namespace

void run(const Params& p) {
    const std::string variant = p.choice("variant");
    const int producers = p.integer("producers");
    const int consumers = p.integer("consumers");
    const std::string speeds = p.choice("speeds");
    const double scale = p.real("delay_scale");
    const bool joinableQueue = variant == "joinable";

    Kitchen k;
    k.items = p.integer("items");
    // 教程：做一个、吃一个都要 1~3 秒（JoinableQueue 版 0~1 秒）
    k.cook = scale * (speeds == "none" ? 0 : speeds == "slow-consumers" ? 0.1 : 1);
    k.eat = scale * (speeds == "none" ? 0 : speeds == "slow-producers" ? 0.1 : 1);
    k.seed = static_cast<unsigned>(p.integer("seed"));
    const int total = producers * k.items;
    Array<int> made(static_cast<std::size_t>(producers), false, "made");
    Array<int> eaten(static_cast<std::size_t>(total), false, "eaten");
    k.made = &made;
    k.eaten = &eaten;

    int madeCount = 0;
    if (joinableQueue) {
        madeCount = joinable(producers, consumers, p.integer("maxsize"), k);
    } else {
        const int sentinels = variant == "too-few-sentinels" ? consumers - 1 : consumers;
        outcome("sentinels", sentinels);
        madeCount = withSentinels(producers, consumers, p.integer("maxsize"), sentinels, k);
    }

    int consumed = 0;
    int duplicated = 0;
    for (int n = 0; n < total; ++n) {
        const int times = eaten.get(static_cast<std::size_t>(n));
        consumed += times > 0 ? 1 : 0;
        duplicated += times > 1 ? times - 1 : 0;
    }
    outcome("consumed", consumed);
    outcome("lost", madeCount - consumed);
    outcome("duplicated", duplicated);
    invariant("everything_made_was_eaten", madeCount == total && consumed == madeCount);
    invariant("nothing_eaten_twice", duplicated == 0);
}

} // namespace proclab::scenarios::producer_consumer
