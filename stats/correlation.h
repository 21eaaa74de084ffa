#pragma once

// Correlation of two paired samples with its test, as R's cor.test(x, y, method = ...).

#include <optional>
#include <string>
#include <vector>

#include "stats/stats_common.h"

namespace dayzero::stats {

enum class CorrelationMethod { kPearson, kSpearman };

struct CorrelationOptions {
    CorrelationMethod method = CorrelationMethod::kPearson;
    Alternative alternative = Alternative::kTwoSided;
    double conf_level = 0.95;  // Pearson's interval (Fisher's z)
};

struct CorrelationResult {
    std::size_t n = 0;                // complete pairs
    std::optional<double> estimate;   // r or rho
    std::optional<double> statistic;  // Pearson: t (df n - 2); Spearman: S = (n^3 - n)(1 - rho)/6
    std::optional<double> p;
    std::optional<double> conf_low, conf_high;  // Pearson with n >= 4 only, as R
    bool exact = false;  // Spearman: p from R's prho (exact n <= 9, Edgeworth series above)
    std::vector<std::string> warnings;  // "Cannot compute exact p-value with ties"
    std::string not_computable;
};

// Runs the test on the pairs where both values are present (NaN drops a pair). Not computable:
// fewer than 3 pairs (Pearson) or 2 (Spearman), lengths that differ, or a constant sample.
CorrelationResult correlation_test(const std::vector<double>& x, const std::vector<double>& y,
                                   const CorrelationOptions& options = {});

// P(S >= s) (or P(S < s) when lower_tail) for Spearman's S under independence with n >= 2
// untied pairs, as R's internal prho: every permutation for n <= 9, AS 89's Edgeworth series
// above.
double spearman_tail(double s, int n, bool lower_tail);

}  // namespace dayzero::stats
