#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::process_basics {
void run(const Params& params);
} // namespace proclab::scenarios::process_basics
