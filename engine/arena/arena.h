#pragma once
// The shared-memory arena of one run: a memfd created by the host, inherited by every
// lesson process across fork, readable by a viewer through its fd.

#include "engine/arena/layout.h"
#include "engine/trace/record.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace proclab::arena {

struct ArenaConfig {
    uint32_t maxProcs = 2048;         // process slots (slot 0 is the host's)
    uint32_t maxObjects = 1024;       // primitives one run may create
    uint32_t ringCapacity = 4096;     // trace records per process, power of two
    uint32_t maxFiles = 64;           // source files named in traces
    uint64_t dataBytes = 64ull << 20; // queue items, arrays (pages are touched lazily)
    uint32_t maxProcesses = 1500;     // lesson processes one run may start
};

class Arena {
public:
    // Creates a new arena in a fresh memfd (close-on-exec off: lesson processes
    // inherit the mapping through fork, not the fd).
    static Arena create(const ArenaConfig& config);
    // Maps an existing arena from its fd, read-only (viewers) or read-write.
    static Arena attach(int fd, bool writable);

    Arena() = default;
    Arena(Arena&& other) noexcept;
    Arena& operator=(Arena&& other) noexcept;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    ~Arena();

    bool valid() const { return base_ != nullptr; }
    int fd() const { return fd_; }
    ArenaHeader& header() const { return *static_cast<ArenaHeader*>(base_); }

    ProcSlot& proc(uint32_t slot) const;
    ObjectSlot& object(uint32_t id) const;
    trace::TraceRecord* ring(uint32_t slot) const;
    std::byte* data(uint64_t offset) const;
    std::string_view fileName(uint16_t id) const;

    uint32_t procSlots() const { return header().maxProcs; }
    uint32_t objectCount() const;

    // Reserves a free process slot; kNone when every slot is in use.
    uint32_t allocProc();
    // Reserves the next object slot with its guard initialised; kNone when full.
    uint32_t allocObject(ObjectKind kind, std::string_view name, uint32_t creatorSlot);
    // Bump-allocates shared data (64-byte aligned); returns kNoData when exhausted.
    static constexpr uint64_t kNoData = ~0ull;
    uint64_t allocData(uint64_t bytes);
    // Interns a source file name for trace records (ids are stable for the run).
    uint16_t internFile(const char* path);

private:
    void* base_ = nullptr;
    std::size_t size_ = 0;
    int fd_ = -1;
};

// Initialises a robust, process-shared mutex in place.
void initSharedMutex(pthread_mutex_t& mutex);

// Locks a robust shared mutex. Returns true when the previous owner died holding
// it: the caller must repair what it protects before unlocking.
bool lockShared(pthread_mutex_t& mutex);

uint64_t monotonicNs();

} // namespace proclab::arena
