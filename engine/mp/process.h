#pragma once
// multiprocessing.Process: start() is a real fork(), as Python's default start
// method on Linux. The target runs in the child; objects created before start()
// (locks, queues, values) are shared with it, everything else is copied.

#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string>

namespace proclab::mp {

namespace detail {
struct ChildRecord;
}

class Process {
public:
    using Target = std::function<void()>;

    explicit Process(Target target, std::string name = {});
    Process(Process&&) noexcept;
    Process& operator=(Process&&) noexcept;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process();

    // Set before start(), as in Python. A daemon child is terminated when its
    // parent's lesson code ends, and may not start children of its own.
    bool daemon = false;

    void start(std::source_location where = std::source_location::current());
    // Waits for the child to end, at most `timeout` seconds (negative: forever).
    // Returns whether it has ended. Only the parent may join.
    bool join(double timeout = -1, std::source_location where = std::source_location::current());
    bool is_alive();
    void terminate(std::source_location where = std::source_location::current()); // SIGTERM
    void kill(std::source_location where = std::source_location::current());      // SIGKILL

    const std::string& name() const { return name_; }
    int pid() const; // 0 before start()
    // None while running; the exit status, or -N when killed by signal N.
    std::optional<int> exitcode();
    bool started() const { return record_ != nullptr; }

private:
    void signal(int sig, const std::source_location& where);

    Target target_;
    std::string name_;
    std::shared_ptr<detail::ChildRecord> record_;
};

struct ProcessInfo {
    std::string name;
    int pid = 0;
    int ppid = 0;
    bool daemon = false;
};

// multiprocessing.current_process(): this lesson process.
ProcessInfo current_process();
// os.getpid() / os.getppid() of the calling lesson process (the kernel's view).
int getpid();
int getppid();

// Ends the calling lesson process at once with `code`, skipping the exit rules —
// os._exit(): children are neither joined nor terminated (how orphans are made).
[[noreturn]] void exit_now(int code, std::source_location where = std::source_location::current());

} // namespace proclab::mp
