#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::isolation {
void run(const Params& params);
} // namespace proclab::scenarios::isolation
