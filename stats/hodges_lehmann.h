#pragma once

// The Hodges-Lehmann shift between two samples with its confidence interval, as R's
// wilcox.test(x, y, conf.int = TRUE): the estimate Mann-Whitney papers report beside p.

#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

struct ShiftEstimate {
    std::optional<double> estimate;  // R's "difference in location" (x minus y)
    std::optional<double> conf_low, conf_high;
    double conf_level = 0.95;  // the level achieved (lower than asked when R warns)
    bool exact = false;        // from the exact distribution of W (no ties, both n < 50)
    std::vector<std::string> warnings;
    std::string not_computable;
};

// Two-sided interval at `conf_level` with R's defaults (exact = NULL, correct = TRUE): without
// ties and with both groups under 50, order statistics of the pairwise differences x_i - y_j at
// qwilcox's quantiles and their median; otherwise the roots, found with uniroot (tol 1e-4), of
// the normal-approximation statistic of x - d against y. NaN values are dropped.
ShiftEstimate hodges_lehmann(const std::vector<double>& x, const std::vector<double>& y,
                             double conf_level = 0.95);

}  // namespace dayzero::stats
