#pragma once
// Book-keeping of which processes hold which pipe ends open, so that a viewer can
// show the open ends and EOF can be explained.

#include "engine/arena/arena.h"

#include <cstdint>

namespace proclab::mp::detail {

// Right after fork in the child: count the inherited ends as held by this process too.
void inheritPipeEnds();
// At exit: this process's ends close (the kernel closes the fds).
void closeAllPipeEnds();
// Host side: a process died holding these ends. False when a guard was busy and
// some ends are left for another try.
bool dropPipeEndsOfDead(arena::Arena& arena, uint32_t deadSlot);

} // namespace proclab::mp::detail
