#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::zombie {
void run(const Params& params);
} // namespace proclab::scenarios::zombie
