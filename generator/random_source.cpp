#include "generator/random_source.h"

#include <cmath>
#include <numbers>

namespace dayzero::generator {

uint64_t RandomSource::patient_seed(uint64_t cohort_seed, uint64_t index) {
    // SplitMix64 finaliser over a mix of both inputs: nearby seeds and indexes give unrelated
    // streams.
    uint64_t z = cohort_seed * 0x9E3779B97F4A7C15ULL + (index + 1) * 0xD1B54A32D192ED03ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double RandomSource::uniform() {
    return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double RandomSource::uniform(double lo, double hi) {
    return lo + (hi - lo) * uniform();
}

int RandomSource::uniform_int(int lo, int hi) {
    const auto span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
    // Multiply-shift of 32 random bits: bias below span / 2^32, negligible for our small spans,
    // and no rejection loop (spans above 2^32 are not used).
    const uint64_t high = ((engine_() >> 32) * span) >> 32;
    return static_cast<int>(lo + static_cast<int64_t>(high));
}

bool RandomSource::chance(double p) {
    return uniform() < p;
}

double RandomSource::normal() {
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RandomSource::normal(double mean, double sd) {
    return mean + sd * normal();
}

double RandomSource::lognormal(double median, double sigma) {
    return median * std::exp(sigma * normal());
}

size_t RandomSource::pick(std::initializer_list<double> weights) {
    double total = 0.0;
    for (double w : weights)
        total += w;
    double target = uniform() * total;
    size_t index = 0;
    for (double w : weights) {
        if (target < w) return index;
        target -= w;
        ++index;
    }
    return weights.size() - 1;
}

}  // namespace dayzero::generator
