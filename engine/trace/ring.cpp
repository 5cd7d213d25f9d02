#include "engine/trace/ring.h"

#include "engine/arena/futex.h"

#include <cstring>
#include <stdexcept>

namespace proclab::trace {

RingWriter::RingWriter(arena::Arena* arena, uint32_t slot, Nudge nudge)
    : arena_(arena), proc_(&arena->proc(slot)), ring_(arena->ring(slot)), slot_(slot),
      capacity_(arena->header().ringCapacity),
      head_(proc_->ringHead.load(std::memory_order_relaxed)),
      cachedTail_(proc_->ringTail.load(std::memory_order_acquire)), nudge_(nudge) {}

void RingWriter::write(std::span<const TraceRecord> records) {
    const uint64_t n = records.size();
    if (n > capacity_ / 2)
        throw std::length_error("trace write larger than half a ring");
    bool waited = false;
    if (head_ + n - cachedTail_ > capacity_) {
        cachedTail_ = proc_->ringTail.load(std::memory_order_acquire);
        if (head_ + n - cachedTail_ > capacity_) {
            waitForSpace(n);
            waited = true;
        }
    }
    const uint64_t mask = capacity_ - 1;
    for (uint64_t i = 0; i < n; ++i)
        ring_[(head_ + i) & mask] = records[i];
    if (waited) {
        // The wait was the tracer's, not the lesson's: stamp the record when it is
        // published, so that the host's time-ordered merge never sees it late. (Only
        // the first record has a time: the rest are payload.)
        ring_[head_ & mask].timeNs = arena::monotonicNs();
    }
    head_ += n;
    proc_->ringHead.store(head_, std::memory_order_release);

    // Ask the host to drain early once the ring is half full, once per fill.
    if (head_ - cachedTail_ >= capacity_ / 2 &&
        proc_->fillNotified.load(std::memory_order_relaxed) == 0) {
        cachedTail_ = proc_->ringTail.load(std::memory_order_acquire);
        if (head_ - cachedTail_ >= capacity_ / 2 && nudge_ != nullptr) {
            proc_->fillNotified.store(1, std::memory_order_relaxed);
            nudge_(false);
        }
    }
}

void RingWriter::waitForSpace(uint64_t needed) {
    for (;;) {
        proc_->writerWaiting.store(1, std::memory_order_seq_cst);
        cachedTail_ = proc_->ringTail.load(std::memory_order_seq_cst);
        if (head_ + needed - cachedTail_ <= capacity_) {
            proc_->writerWaiting.store(0, std::memory_order_relaxed);
            return;
        }
        if (nudge_ == nullptr || !nudge_(true))
            throw std::runtime_error("trace consumer gone");
        arena::futexWait(proc_->writerWaiting, 1, 100'000'000);
    }
}

std::size_t drainRing(arena::Arena& arena, uint32_t slot, std::vector<TraceRecord>& out) {
    arena::ProcSlot& proc = arena.proc(slot);
    const uint64_t tail = proc.ringTail.load(std::memory_order_relaxed);
    const uint64_t head = proc.ringHead.load(std::memory_order_acquire);
    if (head == tail)
        return 0;
    const uint64_t capacity = arena.header().ringCapacity;
    const uint64_t count = head - tail;
    const TraceRecord* ring = arena.ring(slot);
    const uint64_t first = tail & (capacity - 1);
    const uint64_t untilWrap = std::min(count, capacity - first);
    out.insert(out.end(), ring + first, ring + first + untilWrap);
    out.insert(out.end(), ring, ring + (count - untilWrap));
    proc.ringTail.store(head, std::memory_order_seq_cst);
    proc.fillNotified.store(0, std::memory_order_relaxed);
    if (proc.writerWaiting.exchange(0, std::memory_order_seq_cst) != 0)
        arena::futexWake(proc.writerWaiting, 1);
    return count;
}

bool ringHasRecords(const arena::Arena& arena, uint32_t slot) {
    const arena::ProcSlot& proc = arena.proc(slot);
    return proc.ringHead.load(std::memory_order_acquire) !=
           proc.ringTail.load(std::memory_order_acquire);
}

} // namespace proclab::trace
