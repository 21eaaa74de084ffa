#include <catch2/catch.hpp>

#include "fixture_reader.h"
#include "stats/chi_squared.h"
#include "stats/fisher.h"
#include "stats/group_test.h"

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

// Large-n tables (5 grade levels x toci yes/no, n = 10,000): Fisher's enumeration would visit
// about C(n/2 + 4, 4) ~ 1e13 tables, so it must give up within its default bound and the
// caller (table1) falls back to chi-squared. Expected values from R 4.x:
//   m <- matrix(c(1500,800,450,200,50, 3550,1850,1000,480,120), ncol = 2)
//   format(chisq.test(m)$p.value, digits = 17)   # "0.88850949727679929"
//   m <- matrix(c(3100,1450,620,260,70, 2900,1100,350,120,30), ncol = 2)
//   format(chisq.test(m)$p.value, digits = 17)   # "2.1299531745883242e-20"
//   format(chisq.test(m)$statistic, digits = 17) # "98.423705956181777"
TEST_CASE("fisher gives up on large-n r x 2 and 2 x c tables; chi-squared matches R",
          "[stats][fisher][chisq]") {
    struct Case {
        CountTable table;
        double p;
    };
    const std::vector<Case> cases = {
        {{{1500, 3550}, {800, 1850}, {450, 1000}, {200, 480}, {50, 120}}, 0.88850949727679929},
        {{{3100, 2900}, {1450, 1100}, {620, 350}, {260, 120}, {70, 30}}, 2.1299531745883242e-20},
    };
    for (const Case& c : cases) {
        CountTable transposed(2, std::vector<std::int64_t>(c.table.size(), 0));
        for (std::size_t i = 0; i < c.table.size(); ++i) {
            transposed[0][i] = c.table[i][0];
            transposed[1][i] = c.table[i][1];
        }
        for (const CountTable& t : {c.table, transposed}) {
            const FisherResult f = fisher_exact(t);
            CHECK_FALSE(f.p.has_value());
            CHECK(f.not_computable.find("table too large for exact enumeration") !=
                  std::string::npos);
            const ChiSquaredResult x = chi_squared_test(t, false);
            REQUIRE(x.p.has_value());
            CHECK(*x.p == Approx(c.p).epsilon(1e-9));
            // Every expected count is large, so table1's default rule picks chi-squared anyway.
            const GroupTestResult chosen = category_group_test(t, TestChoice::kDefault);
            CHECK(chosen.test == "chi-squared");
            REQUIRE(chosen.p.has_value());
            CHECK(*chosen.p == Approx(c.p).epsilon(1e-9));
            CHECK(chosen.reason == "every expected count is at least 5");
        }
    }
    const ChiSquaredResult x = chi_squared_test(cases[1].table, false);
    REQUIRE(x.statistic.has_value());
    CHECK(*x.statistic == Approx(98.423705956181777).epsilon(1e-12));
}

// A 5 x 2 table of about two hundred still gets the exact p within the default bound.
TEST_CASE("fisher stays exact for a moderate r x 2 table", "[stats][fisher]") {
    // R: fisher.test(matrix(c(30,16,9,4,1, 50,40,25,15,6), ncol = 2))$p.value
    //    -> 0.49371119228572147
    const FisherResult f = fisher_exact({{30, 50}, {16, 40}, {9, 25}, {4, 15}, {1, 6}});
    REQUIRE(f.p.has_value());
    CHECK(*f.p == Approx(0.49371119228572147).epsilon(1e-6));
    const GroupTestResult chosen =
        category_group_test({{30, 50}, {16, 40}, {9, 25}, {4, 15}, {1, 6}}, TestChoice::kDefault);
    CHECK(chosen.test == "Fisher");
    CHECK(chosen.reason == "an expected count is below 5");
    REQUIRE(chosen.p.has_value());
    CHECK(*chosen.p == *f.p);
}

// Issue 21 item 8: table1 builds k x 2 tables (levels x groups); the exact p must come as fast
// in that orientation as in the 2 x k transpose, and equal R's in both.
TEST_CASE("fisher answers k x 2 tables and their transposes alike", "[stats][fisher]") {
    const auto cases = load_cases("fisher_orientation", "fixtures_methods.txt");
    REQUIRE(cases.size() >= 3);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const CountTable table = table_of(c);
        CountTable transposed(table[0].size(), std::vector<std::int64_t>(table.size(), 0));
        for (std::size_t i = 0; i < table.size(); ++i) {
            for (std::size_t j = 0; j < table[i].size(); ++j)
                transposed[j][i] = table[i][j];
        }
        const FisherResult a = fisher_exact(table);
        const FisherResult b = fisher_exact(transposed);
        REQUIRE(a.not_computable.empty());
        REQUIRE(b.not_computable.empty());
        CHECK_AGREES_WITH_R(a.p, c.number("p"));
        CHECK(*a.p == *b.p);
    }
}
