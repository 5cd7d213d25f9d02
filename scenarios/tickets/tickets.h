#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::tickets {
void run(const Params& params);
Lesson lesson();
} // namespace proclab::scenarios::tickets
