#pragma once

// The exact (Clopper-Pearson) confidence interval of a proportion, as R's binom.test(x, n).

#include <cstdint>
#include <optional>
#include <string>

namespace dayzero::stats {

struct ProportionInterval {
    std::optional<double> estimate;  // x / n
    std::optional<double> conf_low, conf_high;
    std::string not_computable;
};

// Two-sided interval at `conf_level` from beta quantiles: 0 when x = 0, 1 when x = n.
// Not computable when n <= 0 or x is outside 0..n.
ProportionInterval clopper_pearson(std::int64_t x, std::int64_t n, double conf_level = 0.95);

}  // namespace dayzero::stats
