#pragma once

// Shared vocabulary of the statistics library: alternatives, count tables, and the
// "not computable" convention every result type follows.

#include <cstdint>
#include <string>
#include <vector>

namespace dayzero::stats {

// Direction of the alternative hypothesis, as R's `alternative =` argument.
enum class Alternative { kTwoSided, kLess, kGreater };

// R's spelling of an alternative ("two.sided", "less", "greater").
std::string alternative_name(Alternative alternative);

// A contingency table of counts: cells[row][column]; every row must have the same length.
using CountTable = std::vector<std::vector<std::int64_t>>;

// Convention used by every result struct in this library:
//   - `not_computable` is empty when the result is valid; otherwise it holds a human-readable
//     reason ("not computable: group 'y' is empty") and the optional numbers are empty.
//   - `warnings` carries R's warnings (e.g. "Chi-squared approximation may be incorrect").
// No function in this library throws for bad data, and none returns NaN as a value.

// The values that are not NaN, in order (R drops NA before a test).
std::vector<double> drop_nan(const std::vector<double>& values);

// Builds the standard reason text: "not computable: <reason>".
std::string not_computable_reason(const std::string& reason);

}  // namespace dayzero::stats
