#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::process_states {
void run(const Params& params);
} // namespace proclab::scenarios::process_states
