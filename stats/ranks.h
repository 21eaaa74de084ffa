#pragma once

// Mid-ranks of a sample, as R's rank(x) (ties.method = "average"), shared by the rank tests.

#include <vector>

namespace dayzero::stats {

// Ranks 1..n with tied values given their mean rank; appends each tie group's size (1 for an
// untied value) to `ties`, in ascending order of value.
std::vector<double> average_ranks(const std::vector<double>& values, std::vector<long>& ties);

// Sum of t^3 - t over the tie groups (the tie correction of the rank tests).
double tie_sum(const std::vector<long>& ties);

}  // namespace dayzero::stats
