#pragma once
#include "scenarios/lesson.h"

namespace proclab::scenarios::producer_consumer {
void run(const Params& params);
} // namespace proclab::scenarios::producer_consumer
