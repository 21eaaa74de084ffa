#pragma once
// RandomSource: the generator's only source of randomness. The engine is std::mt19937_64, whose
// output sequence the C++ standard fixes exactly; the distributions are written here rather than
// taken from <random>, whose algorithms differ between standard libraries, so a seed gives the
// same cohort with any conforming toolchain (given IEEE-754 doubles and the same libm results).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>

namespace dayzero::generator {

class RandomSource {
  public:
    explicit RandomSource(uint64_t seed) : engine_(seed) {}

    // The seed of patient `index` in a cohort of seed `cohort_seed`: independent streams, so a
    // patient's record does not depend on how many patients precede or follow it.
    static uint64_t patient_seed(uint64_t cohort_seed, uint64_t index);

    // Uniform in [0, 1) with 53 random bits.
    double uniform();
    // Uniform in [lo, hi).
    double uniform(double lo, double hi);
    // Uniform integer in [lo, hi] (both inclusive); lo <= hi.
    int uniform_int(int lo, int hi);
    // True with probability p.
    bool chance(double p);
    // Standard normal variate (Box–Muller; the second value of each pair is discarded to keep the
    // stream position independent of call history).
    double normal();
    // Normal with mean and standard deviation.
    double normal(double mean, double sd);
    // Log-normal with the given median and log-scale standard deviation.
    double lognormal(double median, double sigma);
    // Index drawn with probability proportional to the weights (at least one weight > 0).
    size_t pick(std::initializer_list<double> weights);

  private:
    std::mt19937_64 engine_;
};

}  // namespace dayzero::generator
