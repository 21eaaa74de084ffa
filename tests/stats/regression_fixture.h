#pragma once

// Reads the regression cases of tests/stats/regression_fixtures.txt (make_regression_fixtures.R)
// into dayzero::stats inputs.

#include <optional>
#include <vector>

#include "fixture_reader.h"
#include "stats/regression.h"

namespace dayzero::stats::testing {

// The case's design: columns, term_of and the row-major x of make_regression_fixtures.R.
Design design_of(const FixtureCase& c);

// 0/1 field as booleans.
std::vector<bool> flags_of(const FixtureCase& c, const std::string& field);

}  // namespace dayzero::stats::testing
