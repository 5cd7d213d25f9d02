#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::double_acquire {
void run(const Params& params);
} // namespace proclab::scenarios::double_acquire
