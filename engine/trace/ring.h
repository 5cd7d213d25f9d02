#pragma once
// Per-process trace rings in the arena: each process is the single producer of its
// own ring and the host is the single consumer of all of them. Lossless: a producer
// whose ring is full waits for the host to drain it.

#include "engine/arena/arena.h"
#include "engine/trace/record.h"

#include <cstdint>
#include <span>
#include <vector>

namespace proclab::trace {

class RingWriter {
public:
    // Called when the ring needs the consumer's attention: `full` is true when the
    // writer cannot proceed until records are drained. Returns false to give up
    // waiting (the consumer is gone).
    using Nudge = bool (*)(bool full);

    RingWriter() = default;
    RingWriter(arena::Arena* arena, uint32_t slot, Nudge nudge);

    // Appends records as one unit: a reader never sees part of them.
    void write(std::span<const TraceRecord> records);
    void write(const TraceRecord& record) { write(std::span<const TraceRecord>(&record, 1)); }
    uint32_t slot() const { return slot_; }

private:
    void waitForSpace(uint64_t needed);

    arena::Arena* arena_ = nullptr;
    arena::ProcSlot* proc_ = nullptr;
    TraceRecord* ring_ = nullptr;
    uint32_t slot_ = arena::kNone;
    uint64_t capacity_ = 0;
    uint64_t head_ = 0;
    uint64_t cachedTail_ = 0;
    Nudge nudge_ = nullptr;
};

// Moves every record published in `slot`'s ring to `out`, frees the space and wakes a
// writer waiting for it. Consumer side: one caller per ring at a time.
std::size_t drainRing(arena::Arena& arena, uint32_t slot, std::vector<TraceRecord>& out);

// Whether `slot`'s ring has records not yet drained.
bool ringHasRecords(const arena::Arena& arena, uint32_t slot);

} // namespace proclab::trace
