#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::orphan {
void run(const Params& params);
} // namespace proclab::scenarios::orphan
