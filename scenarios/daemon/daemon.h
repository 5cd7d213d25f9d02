#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::daemon {
void run(const Params& params);
} // namespace proclab::scenarios::daemon
