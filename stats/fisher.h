#pragma once

// Fisher's exact test for count tables, as R's fisher.test.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/stats_common.h"

namespace dayzero::stats {

struct FisherOptions {
    Alternative alternative = Alternative::kTwoSided;  // one-sided only for 2x2 tables
    double conf_level = 0.95;                          // for the odds-ratio interval (2x2)
    // r x c tables are enumerated exactly (with pruning); refuse when more partial tables
    // (cells filled in, leaves included) than this would have to be visited. The bound keeps
    // even a refusal to an interactive wait: a 5 x 2 table near independence stays exact up to
    // a few hundred observations; n = 10,000 gives up and callers use chi-squared.
    std::int64_t max_tables = 20'000'000;
};

struct FisherResult {
    std::optional<double> p;
    // 2x2 only: conditional maximum-likelihood odds ratio and its interval (R's `estimate`,
    // `conf.int`); may be 0 or +infinity exactly as R reports for tables with a zero cell.
    std::optional<double> odds_ratio;
    std::optional<double> conf_low;
    std::optional<double> conf_high;
    std::string not_computable;
};

// Runs the test. Two-sided p sums the probabilities of all tables with the observed margins
// whose probability is <= observed * (1 + 1e-7). Tables with fewer than 2 non-empty rows or
// columns, or larger than max_tables, are not computable.
FisherResult fisher_exact(const CountTable& table, const FisherOptions& options = {});

// The 2x2 case with cells [[a, b], [c, d]] (no zero margins): p for the chosen alternative,
// conditional MLE odds ratio and its interval found by uniroot as fisher.test does.
FisherResult fisher_exact_2x2(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d,
                              const FisherOptions& options = {});

}  // namespace dayzero::stats
