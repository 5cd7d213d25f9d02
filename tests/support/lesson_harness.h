#pragma once
// Runs a small lesson of a test on real processes, in-process as its host, and keeps
// the trace and the arena for the test to inspect. Lesson code runs in forked
// children: it reports back through SharedBlock memory, never through QTest macros.

#include "engine/host/host.h"
#include "engine/session/object_view.h"
#include "engine/trace/record.h"

#include <sys/mman.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace proclab::testing {

// A block of plain data shared with every process forked after its creation.
template <class T> class SharedBlock {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    SharedBlock() {
        void* p =
            mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw std::bad_alloc();
        data_ = new (p) T{};
    }
    ~SharedBlock() { munmap(data_, sizeof(T)); }
    SharedBlock(const SharedBlock&) = delete;
    SharedBlock& operator=(const SharedBlock&) = delete;
    T* operator->() const { return data_; }
    T& operator*() const { return *data_; }

private:
    T* data_;
};

// A configuration sized for tests, with a safety timeout so no test can hang.
host::HostConfig testConfig();

struct LessonRun {
    host::RunResult result;
    std::vector<trace::TraceRecord> records;
    std::unique_ptr<host::Host> host; // keeps the arena readable after the run

    std::size_t count(trace::Op op) const;
    std::size_t count(trace::Op op, trace::Phase phase) const;
    // Narrative lines in the order the host delivered them (English text, or Chinese).
    std::vector<std::string> lines(bool chinese = false) const;
    // What the lesson reported at its end (mp::outcome / mp::invariant).
    std::map<std::string, int64_t> outcomes() const;
    struct Invariant {
        std::string name;
        bool held;
        bool mustHold;
    };
    std::vector<Invariant> invariants() const;
    // True when every invariant that must hold did.
    bool invariantsHeld() const;
    // Exit codes of the lesson's processes by name, from their exit records.
    std::size_t errors() const { return count(trace::Op::Error); }
};

// Runs the lesson `id` of scenarios/ with "name=value" settings over its defaults.
LessonRun runScenario(std::string_view id, const std::vector<std::string>& settings = {},
                      host::HostConfig config = testConfig());
host::HostConfig stepConfig(control::StepPolicy policy = control::StepPolicy::RoundRobin,
                            uint64_t seed = 0);

LessonRun runLesson(const std::function<void()>& lessonMain,
                    host::HostConfig config = testConfig());

// Polls `condition` (every 200 µs) until it holds or `timeoutSeconds` pass. For use
// inside lesson code to wait for a state (e.g. "3 processes wait on the lock"),
// which proves an ordering without guessing durations.
bool waitUntil(const std::function<bool()>& condition, double timeoutSeconds = 20);

// Inside a lesson: a consistent view of an object, and its waiters.
session::ObjectView view(uint32_t objectId);
std::size_t waiting(uint32_t objectId, uint32_t list = 0);

// Pids of live processes in process group `pgid` (the test's own check for strays).
std::vector<int> processesInGroup(int pgid);
bool processGone(int pid); // absent, or a zombie we cannot reap

} // namespace proclab::testing
