// 模拟抢票 — the ticket-grabbing program of tutorial 004, on real processes.
// db is a real JSON file {"count": N}; every buyer searches, then gets a ticket.
#include "scenarios/tickets/tickets.h"

#include "engine/mp/mp.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace proclab::scenarios::tickets {

using namespace proclab::mp;
using json = nlohmann::json;

namespace {

// json.load(open('db')): an empty file (someone is rewriting it) cannot be parsed.
int loadCount(File& db) {
    const std::string text = db.read();
    const json dic = json::parse(text, nullptr, false);
    if (dic.is_discarded()) {
        say("读到空的 db：另一个买家正在重写它，json.load 报错，这个买家的进程崩溃了",
            "read an empty db: another buyer is rewriting it, json.load fails and this buyer "
            "crashes");
        throw std::runtime_error(
            "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)");
    }
    return dic["count"].get<int>();
}

// 查看剩余票数
void search(File& db) {
    const int count = loadCount(db);
    say("剩余票数" + std::to_string(count), "tickets left: " + std::to_string(count));
}

// 抢票
bool get(File& db, double scale, bool atomicWrite) {
    int count = loadCount(db);
    mp::sleep(0.1 * scale); // 模拟读数据的网络延迟
    if (count > 0) {
        count -= 1;
        mp::sleep(0.2 * scale); // 模拟写数据的网络延迟
        const std::string dic = json{{"count", count}}.dump();
        if (atomicWrite)
            db.replace(dic); // write a temporary file, then rename it: never empty
        else
            db.write(dic); // json.dump(dic, open('db', 'w')): empty until written
        say("购票成功", "ticket bought");
        return true;
    }
    say("sorry, 没票了亲! ", "sorry, no tickets left!");
    return false;
}

} // namespace

void run(const Params& p) {
    const int tickets = p.integer("tickets");
    const int buyers = p.integer("buyers");
    const bool useLock = p.flag("lock");
    const bool withForm = p.choice("lock_form") == "with";
    const bool serial = p.flag("serial");
    const bool atomicWrite = p.flag("atomic_write");
    const double scale = p.real("delay_scale");

    File db(run_dir() + "/db", json{{"count", tickets}}.dump(), "db");
    Lock lock("lock");
    Array<int> bought(static_cast<std::size_t>(buyers), false, "bought"); // 记账

    std::vector<Process> ps;
    for (int i = 0; i < buyers; ++i) {
        ps.emplace_back(
            [&, i] {
                search(db);
                bool ok = false;
                if (!useLock) {
                    ok = get(db, scale, atomicWrite);
                } else if (withForm) {
                    With with(lock); // with lock:
                    ok = get(db, scale, atomicWrite);
                } else {
                    lock.acquire();
                    ok = get(db, scale, atomicWrite);
                    lock.release();
                }
                if (ok)
                    bought.set(static_cast<std::size_t>(i), 1);
            },
            "买家" + std::to_string(i + 1));
        ps.back().start();
        if (serial)
            ps.back().join(); // join instead of a lock: one buyer after another
    }
    for (auto& proc : ps)
        proc.join();

    int sold = 0;
    int crashed = 0;
    for (int i = 0; i < buyers; ++i) {
        sold += bought.get(static_cast<std::size_t>(i));
        crashed += ps[static_cast<std::size_t>(i)].exitcode().value_or(0) != 0 ? 1 : 0;
    }
    const json last = json::parse(db.read(), nullptr, false);
    const int remaining = last.is_discarded() ? -1 : last["count"].get<int>();
    outcome("initial", tickets);
    outcome("sold", sold);
    outcome("remaining", remaining);
    outcome("oversold", std::max(0, sold - tickets));
    outcome("crashed", crashed);
    const bool safe = useLock || serial;
    invariant("no_oversell", sold <= tickets, safe);
    invariant("sold_equals_min_of_tickets_and_surviving_buyers",
              sold == std::min(tickets, buyers - crashed), safe);
    invariant("db_matches_sales", remaining == tickets - sold, safe);
}

} // namespace proclab::scenarios::tickets
