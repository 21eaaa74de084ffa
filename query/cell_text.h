#pragma once
// Text cells in the form analysts' tables use: "5 (1-14)" for median (range), "7 (35.0%)".

#include <cstdint>
#include <string>
#include <vector>

namespace dayzero::query {

// "median (min-max)" of `values`, or "-" when there are none.
std::string median_range_text(const std::vector<double>& values);

// "n (p%)" with one decimal, or "n (-)" when `total` is 0.
std::string count_percent_text(int64_t n, int64_t total);

// A number in its shortest readable form (up to 6 significant digits).
std::string number_text(double value);

}  // namespace dayzero::query
