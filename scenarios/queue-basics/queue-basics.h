#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::queue_basics {
void run(const Params& params);
} // namespace proclab::scenarios::queue_basics
