#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::pipe {
void run(const Params& params);
} // namespace proclab::scenarios::pipe
