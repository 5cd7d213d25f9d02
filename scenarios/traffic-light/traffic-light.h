#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::traffic_light {
void run(const Params& params);
} // namespace proclab::scenarios::traffic_light
