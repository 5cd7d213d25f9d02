#pragma once
// Numbers the way printf("%.2f") prints them, which is how OSTEP's tools print averages.

#include <cstdint>
#include <string>

namespace proclab::sched {

std::string formatFixed2(double value);
std::string formatFixed(double value, int decimals);
// The mean of integer values as double, sum / count, like float(sum) / count in Python.
double mean(std::int64_t sum, std::size_t count);
// value rounded to `decimals` places exactly as printf would print it (for JSON numbers).
double roundedLikePrintf(double value, int decimals);

} // namespace proclab::sched
