#pragma once

// Pearson's chi-squared test of independence, as R's chisq.test on a matrix.

#include <optional>
#include <string>
#include <vector>

#include "stats/stats_common.h"

namespace dayzero::stats {

struct ChiSquaredResult {
    std::optional<double> statistic;  // X-squared
    std::optional<double> df;
    std::optional<double> p;
    bool yates_applied = false;     // true when Yates' correction changed the statistic (2x2)
    bool expected_below_5 = false;  // R warns "Chi-squared approximation may be incorrect"
    std::vector<double> expected;   // expected counts, row-major
    std::vector<std::string> warnings;
    std::string not_computable;
};

// Runs the test. `correct` applies Yates' continuity correction to 2x2 tables only, exactly as
// chisq.test (correction = min(0.5, |O - E|)). A zero row or column, fewer than 2 rows or
// columns, or negative counts are not computable.
ChiSquaredResult chi_squared_test(const CountTable& table, bool correct = true);

}  // namespace dayzero::stats
