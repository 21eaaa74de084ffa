#pragma once

// Descriptive statistics of a numeric variable and counts/percentages of a categorical one.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

// R's quantile() algorithms that we offer. Type 7 is R's default; type 6 is SAS/SPSS/Minitab's.
enum class QuantileType { kType7 = 7, kType6 = 6 };

// Summary of a numeric sample; missing values (nullopt or NaN) are counted and excluded.
struct Descriptives {
    std::int64_t n = 0;        // non-missing values
    std::int64_t missing = 0;  // nullopt or NaN inputs
    std::optional<double> mean;
    std::optional<double> sd;  // sample SD (denominator n - 1), as sd(); needs n >= 2
    std::optional<double> min;
    std::optional<double> q1;  // 25 % quantile of the requested type
    std::optional<double> median;
    std::optional<double> q3;  // 75 % quantile of the requested type
    std::optional<double> max;
    std::string not_computable;  // set when n == 0
};

// Computes n, missing, mean, SD, min, quartiles, median, max (as mean, sd, quantile, median).
Descriptives describe(const std::vector<std::optional<double>>& values,
                      QuantileType type = QuantileType::kType7);

// Same as above for data without missing values (NaN still counts as missing).
Descriptives describe(const std::vector<double>& values, QuantileType type = QuantileType::kType7);

// Quantile of an ascending-sorted, non-empty sample at probability p in [0, 1], as
// quantile(x, p, type = 7 or 6). Returns nullopt for an empty sample or p outside [0, 1].
std::optional<double> quantile_sorted(const std::vector<double>& sorted, double p,
                                      QuantileType type = QuantileType::kType7);

// One level of a categorical variable with its count and percentage of the non-missing total.
struct CategoryCount {
    std::string level;
    std::int64_t count = 0;
    double percent = 0.0;  // 100 * count / non-missing total
};

// Counts of each categorical level in first-seen order plus the number missing.
struct CategoryCounts {
    std::vector<CategoryCount> levels;
    std::int64_t total = 0;    // non-missing values
    std::int64_t missing = 0;  // nullopt inputs
};

// Tallies levels (first-seen order); nullopt values are counted as missing, not as a level.
CategoryCounts count_categories(const std::vector<std::optional<std::string>>& values);

// Formats "count (pp.p%)" with one decimal as sprintf("%.1f") does; "count (-)" when total is 0.
std::string format_count_percent(std::int64_t count, std::int64_t total);

// Formats a percentage with one decimal, as sprintf("%.1f", percent).
std::string format_percent(double percent);

}  // namespace dayzero::stats
