#include "engine/mp/report.h"

#include "engine/arena/layout.h"
#include "engine/mp/detail/runtime.h"

#include <cstring>

namespace proclab::mp {

// Reports are not step points: they describe the run, they are not part of it.
void outcome(std::string_view name, int64_t value, std::source_location where) {
    detail::emitText(trace::Op::Outcome, name, {}, arena::kNone, where, value);
}

void invariant(std::string_view name, bool held, bool mustHold, std::source_location where) {
    // arg: bit 0 held, bit 1 must hold.
    detail::emitText(trace::Op::Invariant, name, {}, arena::kNone, where,
                     (held ? 1 : 0) | (mustHold ? 2 : 0));
}

const std::string& run_dir() {
    static std::string dir;
    const arena::ArenaHeader& header = detail::rt().arena->header();
    dir.assign(header.runDir, strnlen(header.runDir, sizeof header.runDir));
    return dir;
}

} // namespace proclab::mp
