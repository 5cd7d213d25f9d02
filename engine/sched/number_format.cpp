#include "engine/sched/number_format.h"

#include <cstdio>
#include <cstdlib>

namespace proclab::sched {

std::string formatFixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string formatFixed2(double value) {
    return formatFixed(value, 2);
}

double mean(std::int64_t sum, std::size_t count) {
    if (count == 0)
        return 0.0;
    return static_cast<double>(sum) / static_cast<double>(count);
}

double roundedLikePrintf(double value, int decimals) {
    return std::strtod(formatFixed(value, decimals).c_str(), nullptr);
}

} // namespace proclab::sched
