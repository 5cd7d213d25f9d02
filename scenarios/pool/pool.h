#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::pool {
void run(const Params& params);
} // namespace proclab::scenarios::pool
