#pragma once

// Log-rank test comparing k survival curves, as survival::survdiff(rho = 0).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/kaplan_meier.h"

namespace dayzero::stats {

struct LogRankResult {
    std::vector<std::int64_t> n;   // subjects per group
    std::vector<double> observed;  // events per group
    std::vector<double> expected;  // expected events per group under H0
    std::optional<double> chisq;
    std::optional<double> df;  // (groups with expected > 0) - 1
    std::optional<double> p;
    std::string not_computable;
};

// Compares groups (each a vector of observations, in caller's order). Fewer than 2 groups,
// an empty group, or no events at all are not computable.
LogRankResult log_rank_test(const std::vector<std::vector<SurvivalObservation>>& groups);

}  // namespace dayzero::stats
