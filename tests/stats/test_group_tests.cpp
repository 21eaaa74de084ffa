#include <catch2/catch.hpp>

#include <cmath>

#include "fixture_reader.h"
#include "stats/group_test.h"
#include "stats/kruskal_wallis.h"
#include "stats/t_test.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;
using dayzero::stats::testing::load_cases;

namespace {

const char* const kMethods = "fixtures_methods.txt";

CountTable table_of(const FixtureCase& c) {
    const auto rows = static_cast<std::size_t>(*c.number("nrow"));
    const auto cols = static_cast<std::size_t>(*c.number("ncol"));
    const std::vector<double> cells = c.doubles("cells");
    CountTable table(rows, std::vector<std::int64_t>(cols, 0));
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < cols; ++j)
            table[i][j] = static_cast<std::int64_t>(cells[i * cols + j]);
    }
    return table;
}

// The published value as printed: p rounded to 3 decimals.
double rounded3(double p) {
    return std::round(p * 1000.0) / 1000.0;
}

std::vector<std::vector<double>> groups_of(const FixtureCase& c) {
    const std::vector<double> values = c.doubles("values");
    std::vector<std::vector<double>> groups;
    std::size_t next = 0;
    for (const double size : c.doubles("sizes")) {
        groups.emplace_back(
            values.begin() + static_cast<long>(next),
            values.begin() + static_cast<long>(next + static_cast<std::size_t>(size)));
        next += static_cast<std::size_t>(size);
    }
    return groups;
}

}  // namespace

// Issue 21's baseline table (45 patients): the default rule, each explicit test against R, and
// the seven reproducible published p-values reproduced to their printed digits by `using`.
TEST_CASE("the published baseline table is reproduced with per-row tests", "[stats][group_test]") {
    const auto cases = load_cases("published", kMethods);
    REQUIRE(cases.size() == 8);
    int reproduced = 0;
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const CountTable table = table_of(c);
        const GroupTestResult fisher = category_group_test(table, TestChoice::kFisher);
        const GroupTestResult chisq = category_group_test(table, TestChoice::kChiSquared);
        const GroupTestResult yates = category_group_test(table, TestChoice::kChiSquaredYates);
        CHECK_AGREES_WITH_R(fisher.p, c.number("p_fisher"));
        CHECK_AGREES_WITH_R(chisq.p, c.number("p_chisq"));
        CHECK_AGREES_WITH_R(yates.p, c.number("p_chisq_yates"));
        const GroupTestResult by_default = category_group_test(table, TestChoice::kDefault);
        CHECK(by_default.test == (c.word("default") == "fisher" ? "Fisher" : "chi-squared"));
        CHECK_FALSE(by_default.reason.empty());
        const double published = *c.number("published");
        const std::string test = c.word("test");
        if (test == "none") {
            for (const auto* g : {&fisher, &chisq, &yates})
                CHECK(rounded3(*g->p) != published);
            continue;
        }
        const auto choice = test_choice_from_name(test);
        REQUIRE(choice.has_value());
        const GroupTestResult chosen = category_group_test(table, *choice);
        REQUIRE(chosen.p.has_value());
        CHECK(rounded3(*chosen.p) == published);
        if (rounded3(*chosen.p) == published) ++reproduced;
    }
    CHECK(reproduced == 7);
}

TEST_CASE("test choices are named and checked", "[stats][group_test]") {
    CHECK(test_choice_from_name("Fisher") == TestChoice::kFisher);
    CHECK(test_choice_from_name("chisq_yates") == TestChoice::kChiSquaredYates);
    CHECK(test_choice_from_name("t") == TestChoice::kWelch);
    CHECK_FALSE(test_choice_from_name("anova").has_value());
    CHECK(is_category_test(TestChoice::kChiSquared));
    CHECK_FALSE(is_category_test(TestChoice::kMannWhitney));
    // Two-group tests refuse three groups; Kruskal-Wallis is the default there.
    const std::vector<std::vector<double>> three = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9.5}};
    CHECK(numeric_group_test(three, TestChoice::kWelch).not_computable ==
          "not computable: Welch t compares two groups, found 3");
    const GroupTestResult kw = numeric_group_test(three, TestChoice::kDefault);
    CHECK(kw.test == "Kruskal-Wallis");
    CHECK(kw.reason == "three or more groups");
    const GroupTestResult mw = numeric_group_test({{1, 2, 3}, {4, 5, 6}}, TestChoice::kDefault);
    CHECK(mw.test == "Mann-Whitney");
    REQUIRE(mw.p.has_value());
    CHECK(*mw.p == Approx(0.1));  // wilcox.test(1:3, 4:6)$p.value
    // Fisher on a 2 x 2 carries the conditional odds ratio and its interval.
    const GroupTestResult f = category_group_test({{12, 5}, {3, 9}}, TestChoice::kFisher);
    CHECK(f.estimate_name == "odds ratio");
    CHECK(f.estimate.has_value());
    CHECK(f.conf_low.has_value());
}

TEST_CASE("t_test agrees with R's t.test", "[stats][ttest]") {
    const auto cases = load_cases("ttest", kMethods);
    REQUIRE(cases.size() >= 8);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        TTestOptions o;
        o.equal_variance = *c.number("var_equal") != 0.0;
        const std::string alt = c.word("alternative");
        o.alternative = alt == "less"      ? Alternative::kLess
                        : alt == "greater" ? Alternative::kGreater
                                           : Alternative::kTwoSided;
        const TTestResult r = t_test(c.doubles("x"), c.doubles("y"), o);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.t, c.number("t"));
        CHECK_AGREES_WITH_R(r.df, c.number("df"));
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
        CHECK_AGREES_WITH_R(r.mean_x, c.number("mean_x"));
        CHECK_AGREES_WITH_R(r.mean_y, c.number("mean_y"));
        CHECK_AGREES_WITH_R(r.conf_low, c.number("conf_low"));
        CHECK_AGREES_WITH_R(r.conf_high, c.number("conf_high"));
    }
}

// R stops with "not enough 'x' observations" / "data are essentially constant" here.
TEST_CASE("t_test refuses what t.test refuses", "[stats][ttest]") {
    CHECK(t_test({4.2}, {1.5, 2.5, 3.1}).not_computable ==
          "not computable: not enough values in the first group");
    TTestOptions student;
    student.equal_variance = true;
    CHECK(t_test({4.2}, {1.5}, student).not_computable ==
          "not computable: not enough values (needs 3 in all)");
    CHECK(t_test({3, 3, 3}, {3, 3}).not_computable ==
          "not computable: data are essentially constant");
    CHECK(t_test({}, {1, 2}).not_computable.find("first group") != std::string::npos);
}

TEST_CASE("kruskal_wallis agrees with R's kruskal.test", "[stats][kruskal]") {
    const auto cases = load_cases("kruskal", kMethods);
    REQUIRE(cases.size() >= 5);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const KruskalWallisResult r = kruskal_wallis(groups_of(c));
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.statistic, c.number("statistic"));
        CHECK_AGREES_WITH_R(r.df, c.number("df"));
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
    }
    // Empty groups are ignored as R drops unused levels; one group or one value is refused.
    const KruskalWallisResult with_empty = kruskal_wallis({{1, 2}, {}, {3, 4.5}});
    REQUIRE(with_empty.df.has_value());
    CHECK(*with_empty.df == 1.0);
    CHECK_FALSE(kruskal_wallis({{1, 2, 3}, {}}).not_computable.empty());
    CHECK(kruskal_wallis({{2, 2}, {2, 2, 2}}).not_computable ==
          "not computable: all values are equal (zero variance)");
}
