#pragma once
// Process-shared futex wait/wake on 32-bit words in the arena.

#include <atomic>
#include <cstdint>

namespace proclab::arena {

// Sleeps while `word` equals `expected`, at most `timeoutNs` (0: no limit). Returns
// false on timeout. Spurious returns are possible: callers re-check their condition.
bool futexWait(std::atomic<uint32_t>& word, uint32_t expected, uint64_t timeoutNs);
void futexWake(std::atomic<uint32_t>& word, int count);

} // namespace proclab::arena
