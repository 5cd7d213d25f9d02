#include "engine/mp/sleep_say.h"

#include "engine/arena/futex.h"
#include "engine/mp/detail/runtime.h"

#include <algorithm>
#include <atomic>

namespace proclab::mp {

void sleep(double seconds, std::source_location where) {
    detail::Runtime& r = detail::rt();
    detail::stepPoint(trace::Op::Sleep, arena::kNone, where);
    const uint64_t ns = seconds > 0 ? static_cast<uint64_t>(seconds * 1e9) : 0;
    detail::emit(trace::Op::Sleep, trace::Phase::Begin, arena::kNone, static_cast<int64_t>(ns),
                 where);
    detail::setLessonState(arena::LessonState::Sleeping);
    // Sleep in bounded slices on a private word nobody wakes, so a dead host is noticed.
    std::atomic<uint32_t> never{0};
    const uint64_t deadline = arena::monotonicNs() + ns;
    for (uint64_t now = arena::monotonicNs(); now < deadline; now = arena::monotonicNs()) {
        arena::futexWait(never, 0, std::min<uint64_t>(deadline - now, 100'000'000));
        detail::checkHost();
    }
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(trace::Op::Sleep, trace::Phase::End, arena::kNone, static_cast<int64_t>(ns),
                 where);
    (void)r;
}

void say(std::string_view zh, std::string_view en, std::source_location where) {
    detail::stepPoint(trace::Op::Say, arena::kNone, where);
    detail::emitText(trace::Op::Say, zh, en, arena::kNone, where);
}

} // namespace proclab::mp
