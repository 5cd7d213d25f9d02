// The traffic-light lesson's description: texts and parameters.
#include "scenarios/embedded_sources.h"
#include "scenarios/traffic-light/traffic-light.h"

namespace proclab::scenarios::traffic_light {

Lesson lesson() {
    Lesson l;
    l.id = "traffic-light";
    l.topic = Topic::Synchronization;
    l.order = 20;
    l.title = {"事件：红绿灯", "Event: the traffic light"};
    l.summary = {
        "Event 是所有进程都能看到的一个标志：set() 设为 True（绿灯），clear() 设为 False（红灯），"
        "wait() 在 False 时阻塞，直到有人 set()。信号灯进程每隔 interval 秒切换一次；10 辆车在"
        "随机时刻到达，红灯时 wait()，绿灯时开走；警车只 wait(0.1)，等不到绿灯就闯红灯先走。"
        "variant=ticks 是教程 001 的版本：绿灯 30 拍、黄灯 5 拍、红灯 25 拍，每拍 0.3 秒。",
        "An Event is a flag every process can see: set() makes it True (green), clear() makes "
        "it False (red), and wait() blocks while it is False until someone sets it. The light "
        "process switches every interval seconds; ten cars arrive at random times, wait() on "
        "red and drive on green; police cars only wait(0.1) and, if the light stays red, run "
        "it. variant=ticks is tutorial 001's version: green for 30 ticks, yellow for 5, red for "
        "25, each tick 0.3 s."};
    l.watch = {
        "看事件的标志和在它上面排队的车：一 set()，所有等着的车同时被唤醒；警车等 0.1 秒就走。"
        "教程里信号灯是在车都到了之后才启动的（所以所有车都要先等红灯）；这里先启动信号灯，"
        "车在不同的灯色下到达。",
        "Watch the event's flag and the cars queued on it: one set() wakes every waiting car at "
        "once; police cars leave after 0.1 s. The tutorial starts the light only after all the "
        "cars have arrived (so every car first waits at red); here the light starts first and "
        "the cars arrive under different colours."};
    l.question = {"一辆车看见绿灯之后又睡了 2-4 秒，醒来时还能直接开走吗？警车呢？",
                  "A car sees the green light, then sleeps 2-4 s: can it just drive off when it "
                  "wakes? And a police car?"};
    l.answer = {
        "不一定：醒来时灯可能已经变红，所以车要再看一次 is_set()，红灯就回到循环开头再等。"
        "普通车只在自己看到 True 时才走，永远不会闯红灯；警车的 wait(0.1) 超时后返回 False，"
        "它照样开走——wait 带超时，等不到也会返回。一次 set() 会唤醒所有等待的进程，"
        "这和锁（一次只放一个）不同。",
        "Not necessarily: by then the light may be red, so the car checks is_set() again and on "
        "red goes back to the top of its loop to wait. An ordinary car only drives when it has "
        "itself seen True, so it never runs a red light; a police car's wait(0.1) returns False "
        "when it times out and the car drives anyway — a wait with a timeout returns even when "
        "nothing came. One set() wakes every waiting process, unlike a lock, which lets one "
        "through at a time."};
    l.params = {
        {"variant",
         ParamSpec::Kind::Choice,
         0,
         1,
         0,
         {"toggle", "ticks"},
         {"toggle：教程 004 每隔 interval 秒切换；ticks：教程 001 的绿 30/黄 5/红 25 拍",
          "toggle: tutorial 004, switch every interval; ticks: tutorial 001, green 30 / yellow "
          "5 / red 25 ticks"}},
        {"cars", ParamSpec::Kind::Int, 0, 50, 10, {}, {"普通车的数量", "ordinary cars"}},
        {"police", ParamSpec::Kind::Int, 0, 20, 5, {}, {"警车的数量", "police cars"}},
        {"interval",
         ParamSpec::Kind::Real,
         0.1,
         60,
         5,
         {},
         {"toggle 版本：信号灯切换的间隔（秒）", "toggle variant: seconds between switches"}},
        {"delay_scale",
         ParamSpec::Kind::Real,
         0,
         10,
         1,
         {},
         {"所有时间的倍数（到达间隔 1-3 秒、停留 2-4 秒、灯的间隔、警车的 0.1 秒）",
          "scale of every delay (arrivals 1-3 s apart, 2-4 s stops, the light, the police's "
          "0.1 s)"}},
        {"seed",
         ParamSpec::Kind::Int,
         0,
         1000000,
         1,
         {},
         {"随机数的种子：同一个种子，同样的到达时刻", "random seed: same seed, same arrivals"}},
    };
    l.source = embedded::traffic_light;
    l.sourceFile = "scenarios/traffic-light/traffic-light.cpp";
    l.run = &run;
    return l;
}

} // namespace proclab::scenarios::traffic_light
