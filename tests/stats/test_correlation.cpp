#include <catch2/catch.hpp>

#include "fixture_reader.h"
#include "stats/correlation.h"

using namespace dayzero::stats;
using dayzero::stats::testing::load_cases;

TEST_CASE("correlation_test agrees with R's cor.test", "[stats][correlation]") {
    const auto cases = load_cases("cor", "fixtures_methods.txt");
    REQUIRE(cases.size() >= 12);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        CorrelationOptions o;
        o.method = c.word("method") == "spearman" ? CorrelationMethod::kSpearman
                                                  : CorrelationMethod::kPearson;
        const CorrelationResult r = correlation_test(c.doubles("x"), c.doubles("y"), o);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.estimate, c.number("estimate"));
        CHECK_AGREES_WITH_R(r.statistic, c.number("statistic"));
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
        if (c.has("conf_low")) {
            CHECK_AGREES_WITH_R(r.conf_low, c.number("conf_low"));
            CHECK_AGREES_WITH_R(r.conf_high, c.number("conf_high"));
        } else {
            CHECK_FALSE(r.conf_low.has_value());
        }
    }
}

TEST_CASE("correlation_test refuses what cor.test refuses", "[stats][correlation]") {
    CHECK(correlation_test({1, 2}, {3, 4}).not_computable ==
          "not computable: not enough complete pairs (2)");
    CHECK(correlation_test({1, 2, 3}, {3, 4}).not_computable ==
          "not computable: the two samples differ in length");
    CHECK(correlation_test({1, 1, 1, 1}, {3, 4, 5, 6}).not_computable ==
          "not computable: a sample is constant (zero variance)");
    CorrelationOptions spearman;
    spearman.method = CorrelationMethod::kSpearman;
    const CorrelationResult ties = correlation_test({1, 2, 2, 3}, {1, 3, 2, 4}, spearman);
    REQUIRE(ties.warnings.size() == 1);
    CHECK_FALSE(ties.exact);
    // Spearman's exact null: 4 untied pairs in the same order happen in 1 of 24 permutations.
    CHECK(spearman_tail(0.0 + 2.0, 4, true) == Approx(1.0 / 24.0));
}
