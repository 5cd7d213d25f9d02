#pragma once
// A small deterministic generator (SplitMix64) with an unbiased bounded draw, so that lottery
// runs with the same seed give the same schedule on every platform and library version
// (std:: distributions are implementation-defined).

#include <cstdint>

namespace proclab::sched {

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound), bound > 0, by rejection of the biased low range.
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t value = next();
            if (value >= threshold)
                return value % bound;
        }
    }

private:
    std::uint64_t state_;
};

} // namespace proclab::sched
