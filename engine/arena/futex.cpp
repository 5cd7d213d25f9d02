#include "engine/arena/futex.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace proclab::arena {

// The futex word is an std::atomic<uint32_t>, which is layout-compatible with the
// kernel's u32; FUTEX_PRIVATE_FLAG is not used because the words are shared.
static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));

bool futexWait(std::atomic<uint32_t>& word, uint32_t expected, uint64_t timeoutNs) {
    timespec ts{};
    timespec* timeout = nullptr;
    if (timeoutNs != 0) {
        ts.tv_sec = static_cast<time_t>(timeoutNs / 1'000'000'000ull);
        ts.tv_nsec = static_cast<long>(timeoutNs % 1'000'000'000ull);
        timeout = &ts;
    }
    const long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT, expected,
                            timeout, nullptr, 0);
    return !(rc != 0 && errno == ETIMEDOUT);
}

void futexWake(std::atomic<uint32_t>& word, int count) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

} // namespace proclab::arena
