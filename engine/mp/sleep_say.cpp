#include "engine/mp/sleep_say.h"

#include "engine/arena/futex.h"
#include "engine/mp/detail/runtime.h"

#include <algorithm>
#include <atomic>

namespace proclab::mp {

void sleep(double seconds, std::source_location where) {
    detail::stepPoint(trace::Op::Sleep, arena::kNone, where);
    const uint64_t ns = seconds > 0 ? static_cast<uint64_t>(seconds * 1e9) : 0;
    detail::emit(trace::Op::Sleep, trace::Phase::Begin, arena::kNone, static_cast<int64_t>(ns),
                 where);
    // In step mode the deadline is on the run's virtual clock and the host fires it;
    // otherwise sleep in bounded slices on a word nobody sets, so a dead host is noticed.
    detail::Deadline deadline = detail::deadlineAfter(seconds > 0 ? seconds : 0);
    std::atomic<uint32_t>& word = detail::rt().self->granted;
    detail::armDeadline(deadline);
    detail::setLessonState(arena::LessonState::Sleeping);
    for (;;) {
        detail::refreshDeadline(deadline);
        if (detail::deadlinePassed(deadline))
            break;
        const uint64_t slice = detail::sliceUntil(deadline, 100'000'000);
        if (slice == 0)
            break;
        arena::futexWait(word, word.load(std::memory_order_relaxed), slice);
        detail::checkHost();
    }
    detail::disarmDeadline();
    detail::wakeGate();
    detail::setLessonState(arena::LessonState::Running);
    detail::emit(trace::Op::Sleep, trace::Phase::End, arena::kNone, static_cast<int64_t>(ns),
                 where);
}

void say(std::string_view zh, std::string_view en, std::source_location where) {
    detail::stepPoint(trace::Op::Say, arena::kNone, where);
    detail::emitText(trace::Op::Say, zh, en, arena::kNone, where);
}

} // namespace proclab::mp
