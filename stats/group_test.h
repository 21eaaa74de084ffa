#pragma once

// The test that compares groups in table1 and compare: one default rule per variable type and
// an explicit choice that overrides it (docs/STATISTICS.md, "Choosing the test").
//   categories: Pearson's chi-squared without Yates when every expected count is >= 5, else
//               Fisher's exact test (chi-squared when Fisher's enumeration is too large);
//   numbers:    Mann-Whitney for two groups, Kruskal-Wallis for three or more.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/stats_common.h"

namespace dayzero::stats {

enum class TestChoice {
    kDefault,          // the rule above
    kFisher,           // fisher.test
    kChiSquared,       // chisq.test(correct = FALSE)
    kChiSquaredYates,  // chisq.test(correct = TRUE): Yates on 2 x 2 tables
    kMannWhitney,      // wilcox.test
    kWelch,            // t.test (Welch)
    kStudent,          // t.test(var.equal = TRUE)
    kKruskalWallis,    // kruskal.test
};

// The choice a name selects (fisher, chisq, chisq_yates, mann_whitney, t, welch, student,
// kruskal_wallis; case-insensitive), or nullopt.
std::optional<TestChoice> test_choice_from_name(std::string_view name);

// The names test_choice_from_name accepts, for messages and suggestions.
std::vector<std::string> test_choice_names();

// True for the tests of a count table (Fisher and chi-squared).
bool is_category_test(TestChoice choice);

struct GroupTestResult {
    std::optional<double> p;
    std::string test;      // e.g. "Fisher", "chi-squared", "chi-squared (Yates)", "Mann-Whitney"
    std::string reason;    // why the default rule chose it; empty for an explicit choice
    std::string r_method;  // R's method line, e.g. "Wilcoxon rank sum exact test"
    // Effect estimate with its 95 % interval when the test has one (Fisher 2 x 2: conditional
    // MLE odds ratio; t tests: difference in means; Mann-Whitney: Hodges-Lehmann shift);
    // `estimate_name` says which.
    std::string estimate_name;
    std::optional<double> estimate, conf_low, conf_high;
    std::vector<std::string> warnings;
    std::string not_computable;  // "not computable: ..." (then p is empty)
};

// Tests a levels x groups count table with `choice` (kDefault, or a category test).
GroupTestResult category_group_test(const CountTable& table, TestChoice choice);

// Tests numbers per group (empty groups included) with `choice` (kDefault, or a numeric test);
// the two-group tests need exactly two groups.
GroupTestResult numeric_group_test(const std::vector<std::vector<double>>& groups,
                                   TestChoice choice);

}  // namespace dayzero::stats
