#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::tickets {
void run(const Params& params);
} // namespace proclab::scenarios::tickets
