#pragma once

// Two-sample Wilcoxon rank-sum (Mann-Whitney) test, as R's wilcox.test(x, y).

#include <optional>
#include <string>
#include <vector>

#include "stats/stats_common.h"

namespace dayzero::stats {

// How the p-value is obtained; kAuto is R's default (exact = NULL).
enum class WilcoxonMethod { kAuto, kExact, kApproximate };

struct WilcoxonOptions {
    Alternative alternative = Alternative::kTwoSided;
    WilcoxonMethod method = WilcoxonMethod::kAuto;
    bool correct = true;  // continuity correction in the normal approximation (R's `correct`)
};

struct WilcoxonResult {
    std::optional<double> w;  // R's W = (rank sum of x) - n_x (n_x + 1) / 2
    std::optional<double> p;
    bool exact = false;                 // true when p comes from the exact distribution of W
    std::string method;                 // R's method text, e.g. "Wilcoxon rank sum exact test"
    std::vector<std::string> warnings;  // e.g. "cannot compute exact p-value with ties"
    std::string not_computable;
};

// Runs the test. kAuto uses the exact distribution when both groups have < 50 values and
// there are no ties, else the normal approximation with tie correction. kExact with ties
// falls back to the approximation with R's warning. Empty groups or zero variance (all values
// equal) are not computable. NaN values are dropped, as R drops NA.
WilcoxonResult wilcoxon_rank_sum(const std::vector<double>& x, const std::vector<double>& y,
                                 const WilcoxonOptions& options = {});

// P(W <= q) for the exact null distribution with group sizes m and n, as pwilcox(q, m, n).
// Returns nullopt when the distribution is too large to enumerate (m * n > 30000).
std::optional<double> pwilcox(double q, int m, int n);

// The smallest q with P(W <= q) >= p for the exact null distribution, as qwilcox(p, m, n)
// (R's 10 epsilon fuzz kept); nullopt when too large to enumerate (m * n > 30000).
std::optional<int> qwilcox(double p, int m, int n);

}  // namespace dayzero::stats
