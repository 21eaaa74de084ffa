#pragma once
// Text cells in the form analysts' tables use: "5 (1-14)" for median (range), "7 (35.0%)".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "query/query_result.h"

namespace dayzero::query {

// "median (min-max)" of `values`, or "-" when there are none.
std::string median_range_text(const std::vector<double>& values);

// "n (p%)" with one decimal, or "n (-)" when `total` is 0.
std::string count_percent_text(int64_t n, int64_t total);

// A number in its shortest readable form (up to 6 significant digits).
std::string number_text(double value);

// A number rounded for a summary cell: integers as is, else 2 decimals below 10, 1 below 100,
// none above, without trailing zeros ("2.6", "39.8", "3373").
std::string rounded_text(double value);

// "n (p%) [low-high]": count_percent_text with the Clopper-Pearson 95 % interval of the
// percentage, one decimal (binom.test's conf.int); "n (-)" when `total` is 0.
std::string count_percent_ci_text(int64_t n, int64_t total);

// A confidence interval "low to high" with every digit of both limits ("0.65312... to 6.2601...",
// "0 to Inf"), or "-" when either limit is missing: the cell of a ColumnType::kInterval column,
// which tables show with 3 significant digits and exports keep whole.
std::string interval_text(const std::optional<double>& low, const std::optional<double>& high);

// Gives kNumber column `column` of `rows` 1 or 2 fixed decimals when any value is fractional
// (2 only when some value needs them).
void fit_decimals(std::vector<Column>& columns, const std::vector<std::vector<Value>>& rows,
                  size_t column);

}  // namespace dayzero::query
