#pragma once

// Kruskal-Wallis rank-sum test of k groups, as R's kruskal.test(list(...)).

#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

struct KruskalWallisResult {
    std::optional<double> statistic;  // R's "Kruskal-Wallis chi-squared", tie-corrected
    std::optional<double> df;         // non-empty groups - 1
    std::optional<double> p;
    std::string not_computable;
};

// Runs the test over the groups' values (NaN dropped; empty groups ignored, as R drops unused
// levels). Not computable with fewer than 2 non-empty groups or when every value is equal.
KruskalWallisResult kruskal_wallis(const std::vector<std::vector<double>>& groups);

}  // namespace dayzero::stats
