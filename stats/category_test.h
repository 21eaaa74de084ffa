#pragma once

// The test for a table of category counts (levels x groups), as table1 reports it: Fisher's
// exact test, or Pearson's chi-squared when Fisher is not computable (e.g. its enumeration
// would exceed FisherOptions::max_tables, as for a 5 x 2 table with n = 10,000).

#include <optional>
#include <string>

#include "stats/stats_common.h"

namespace dayzero::stats {

struct CategoryTestResult {
    std::optional<double> p;
    std::string method;         // "Fisher", "chi-squared", or the reason neither is computable
    std::string fisher_reason;  // why Fisher was not used (empty when method is "Fisher")
};

// Runs Fisher's exact test and falls back to chi-squared (no continuity correction).
CategoryTestResult category_test(const CountTable& table);

}  // namespace dayzero::stats
