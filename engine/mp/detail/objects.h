#pragma once
// Creating primitives in the arena from lesson code.

#include "engine/arena/layout.h"

#include <source_location>
#include <string>
#include <string_view>

namespace proclab::mp::detail {

// Allocates an object of `kind` (named `name`, or "<Kind>-<id>" when empty), traces
// its creation and returns its id. Throws ArenaFull when the arena has no room.
uint32_t createObject(arena::ObjectKind kind, std::string_view name,
                      const std::source_location& where);

std::string_view kindName(arena::ObjectKind kind);

} // namespace proclab::mp::detail
