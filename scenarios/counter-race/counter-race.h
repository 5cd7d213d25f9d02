#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::counter_race {
void run(const Params& params);
} // namespace proclab::scenarios::counter_race
