#pragma once
// A viewer's consistent copy of one primitive's state, read from the arena at any
// moment without stopping anyone (seqlock: retry while a writer is inside).

#include "engine/arena/arena.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace proclab::session {

struct ObjectView {
    uint32_t id = 0;
    arena::ObjectKind kind = arena::ObjectKind::Free;
    std::string name;
    int ownerPid = 0;       // Lock/RLock holder
    int64_t count = 0;      // semaphore value, rlock depth, barrier arrivals, Value
    int64_t limit = 0;      // bounded max, queue maxsize, barrier parties, array length
    int64_t unfinished = 0; // JoinableQueue
    bool flag = false;      // Event set, Barrier broken, Pipe duplex
    char typeCode = 0;      // Value/Array
    std::array<std::vector<int>, arena::kWaitLists> waiters; // pids, first come first
    std::vector<std::pair<int, uint32_t>> holders;           // pid, permits
    std::vector<std::string> items;                          // Python repr, oldest first
    std::array<std::vector<std::string>, 2> inFlight;        // Pipe: per direction
    std::array<uint32_t, 2> openEnds{};                      // Pipe: processes per end
    std::vector<int64_t> elements;                           // Array raw bits
};

// Reads object `id`. Returns false only if the object is not (yet) initialised.
bool readObject(const arena::Arena& arena, uint32_t id, ObjectView& out);

// Which wait list means what, per kind ("getters", "putters", "joiners", ...).
const char* waitListName(arena::ObjectKind kind, uint32_t list);

} // namespace proclab::session
