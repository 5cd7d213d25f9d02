#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::lock_print {
void run(const Params& params);
} // namespace proclab::scenarios::lock_print
