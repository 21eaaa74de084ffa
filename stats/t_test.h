#pragma once

// Two-sample t test (Welch by default, Student's pooled-variance test on request), as R's
// t.test(x, y, var.equal = ...).

#include <optional>
#include <string>
#include <vector>

#include "stats/stats_common.h"

namespace dayzero::stats {

struct TTestOptions {
    Alternative alternative = Alternative::kTwoSided;
    bool equal_variance = false;  // R's var.equal: false is Welch, true is Student
    double conf_level = 0.95;
};

struct TTestResult {
    std::optional<double> t;
    std::optional<double> df;  // Welch-Satterthwaite df, or n_x + n_y - 2
    std::optional<double> p;
    std::optional<double> mean_x, mean_y;
    std::optional<double> conf_low, conf_high;  // for mean_x - mean_y; infinite on the open side
    std::string method;  // R's text: "Welch Two Sample t-test" or "Two Sample t-test" (R pads it)
    std::string not_computable;
};

// Runs the test; NaN values are dropped. Not computable as R refuses: fewer than 2 values in a
// group for Welch, fewer than 3 in all for Student, or data essentially constant.
TTestResult t_test(const std::vector<double>& x, const std::vector<double>& y,
                   const TTestOptions& options = {});

}  // namespace dayzero::stats
