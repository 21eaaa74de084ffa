#pragma once

// Reads tests/stats/fixtures.txt (written by make_fixtures.R) and compares numbers with R's.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats::testing {

// One fixture block: `case <id> <kind>` ... `end`.
struct FixtureCase {
    std::string id;
    std::string kind;
    std::map<std::string, std::vector<std::string>> fields;

    // Numeric field; "NA" becomes nullopt, "Inf"/"-Inf" infinities. Throws if absent.
    std::vector<std::optional<double>> numbers(const std::string& field) const;
    // Numeric field with no NA (throws otherwise).
    std::vector<double> doubles(const std::string& field) const;
    // Single number (may be NA).
    std::optional<double> number(const std::string& field) const;
    // Single word.
    std::string word(const std::string& field) const;
    bool has(const std::string& field) const { return fields.count(field) > 0; }
};

// All cases of the given kind from a committed fixture file in tests/stats/ (path from
// DAYZERO_SOURCE_DIR): fixtures.txt unless another file is named.
std::vector<FixtureCase> load_cases(const std::string& kind,
                                    const std::string& file = "fixtures.txt");

// True when `actual` agrees with R's `expected` within `relative` tolerance (or 1e-14
// absolute); NA must be matched by nullopt, infinities by the same infinity.
bool agrees(std::optional<double> actual, std::optional<double> expected, double relative = 1e-6);

// Describes a mismatch for INFO/CAPTURE output.
std::string describe(std::optional<double> value);

}  // namespace dayzero::stats::testing

// Checks agreement with R, printing both values and the fixture field on failure.
#define CHECK_AGREES_WITH_R(actual, expected)                                          \
    do {                                                                               \
        const auto dz_actual_ = (actual);                                              \
        const auto dz_expected_ = (expected);                                          \
        INFO(#actual << " = " << ::dayzero::stats::testing::describe(dz_actual_)       \
                     << ", R: " << ::dayzero::stats::testing::describe(dz_expected_)); \
        CHECK(::dayzero::stats::testing::agrees(dz_actual_, dz_expected_));            \
    } while (false)
