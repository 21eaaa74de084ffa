#include <catch2/catch.hpp>

#include "fixture_reader.h"
#include "query/stats/chi_squared.h"
#include "query/stats/fisher.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;
using dayzero::stats::testing::load_cases;

namespace {

CountTable table_of(const FixtureCase& c) {
    const auto rows = static_cast<std::size_t>(*c.number("nrow"));
    const auto cols = static_cast<std::size_t>(*c.number("ncol"));
    const std::vector<double> cells = c.doubles("cells");  // row-major
    CountTable table(rows, std::vector<std::int64_t>(cols, 0));
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < cols; ++j) {
            table[i][j] = static_cast<std::int64_t>(cells[i * cols + j]);
        }
    }
    return table;
}

}  // namespace

TEST_CASE("fisher_exact agrees with R's fisher.test", "[stats][fisher]") {
    const auto cases = load_cases("fisher");
    REQUIRE(cases.size() >= 10);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        FisherOptions options;
        const std::string alt = c.word("alternative");
        options.alternative = alt == "less"      ? Alternative::kLess
                              : alt == "greater" ? Alternative::kGreater
                                                 : Alternative::kTwoSided;
        const FisherResult r = fisher_exact(table_of(c), options);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
        if (c.has("or")) {
            CHECK_AGREES_WITH_R(r.odds_ratio, c.number("or"));
            CHECK_AGREES_WITH_R(r.conf_low, c.number("conf_low"));
            CHECK_AGREES_WITH_R(r.conf_high, c.number("conf_high"));
        } else {
            CHECK_FALSE(r.odds_ratio.has_value());
        }
    }
}

TEST_CASE("chi_squared_test agrees with R's chisq.test", "[stats][chisq]") {
    const auto cases = load_cases("chisq");
    REQUIRE(cases.size() >= 5);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const ChiSquaredResult r = chi_squared_test(table_of(c), *c.number("correct") != 0.0);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.statistic, c.number("statistic"));
        CHECK_AGREES_WITH_R(r.df, c.number("df"));
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
        CHECK(r.expected_below_5 == (*c.number("warn") != 0.0));
        CHECK(r.warnings.empty() == !r.expected_below_5);
    }
}

TEST_CASE("degenerate tables are not computable", "[stats][fisher][chisq]") {
    const CountTable zero_row{{3, 4}, {0, 0}};
    const FisherResult f = fisher_exact(zero_row);
    CHECK_FALSE(f.p.has_value());
    CHECK(f.not_computable ==
          "not computable: need at least 2 non-empty rows and 2 non-empty columns");
    const ChiSquaredResult c = chi_squared_test(zero_row);
    CHECK_FALSE(c.p.has_value());
    CHECK(c.not_computable == "not computable: a row of the table is all zero");
    const CountTable zero_col{{3, 0}, {5, 0}};
    CHECK(chi_squared_test(zero_col).not_computable ==
          "not computable: a column of the table is all zero");
    CHECK_FALSE(fisher_exact(CountTable{{1, 2, 3}}).p.has_value());
    CHECK(fisher_exact(CountTable{{1, 2}, {3}}).not_computable ==
          "not computable: rows of the table have different lengths");
    CHECK(chi_squared_test(CountTable{{1, -2}, {3, 4}}).not_computable ==
          "not computable: table has a negative count");
}

TEST_CASE("fisher refuses tables beyond the enumeration limit", "[stats][fisher]") {
    FisherOptions options;
    options.max_tables = 10;
    const FisherResult r = fisher_exact({{20, 15, 30}, {12, 25, 18}, {9, 14, 22}}, options);
    CHECK_FALSE(r.p.has_value());
    CHECK(r.not_computable.find("table too large for exact enumeration") != std::string::npos);
}

TEST_CASE("fisher one-sided alternatives need a 2x2 table", "[stats][fisher]") {
    FisherOptions options;
    options.alternative = Alternative::kLess;
    const FisherResult r = fisher_exact({{1, 2, 3}, {3, 2, 1}}, options);
    CHECK_FALSE(r.p.has_value());
    CHECK_FALSE(r.not_computable.empty());
}
