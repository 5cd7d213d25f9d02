#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::ktv {
void run(const Params& params);
} // namespace proclab::scenarios::ktv
