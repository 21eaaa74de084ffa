#include <catch2/catch.hpp>

#include <cmath>

#include "fixture_reader.h"
#include "stats/binomial_ci.h"
#include "stats/hodges_lehmann.h"
#include "stats/roc.h"

using namespace dayzero::stats;
using dayzero::stats::testing::load_cases;

namespace {

const char* const kMethods = "fixtures_methods.txt";

}  // namespace

TEST_CASE("clopper_pearson agrees with R's binom.test", "[stats][binomial]") {
    const auto cases = load_cases("binom", kMethods);
    REQUIRE(cases.size() >= 6);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const auto x = static_cast<std::int64_t>(*c.number("x"));
        const auto n = static_cast<std::int64_t>(*c.number("n"));
        const ProportionInterval r = clopper_pearson(x, n);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.estimate, c.number("estimate"));
        CHECK_AGREES_WITH_R(r.conf_low, c.number("conf_low"));
        CHECK_AGREES_WITH_R(r.conf_high, c.number("conf_high"));
    }
    CHECK(clopper_pearson(0, 0).not_computable ==
          "not computable: no patients to take a proportion of");
    CHECK(clopper_pearson(5, 3).not_computable == "not computable: count 5 outside 0..3");
}

TEST_CASE("hodges_lehmann agrees with R's wilcox.test(conf.int = TRUE)", "[stats][wilcoxon]") {
    const auto cases = load_cases("hodges_lehmann", kMethods);
    REQUIRE(cases.size() >= 6);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const ShiftEstimate r = hodges_lehmann(c.doubles("x"), c.doubles("y"));
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.estimate, c.number("estimate"));
        CHECK_AGREES_WITH_R(r.conf_low, c.number("conf_low"));
        CHECK_AGREES_WITH_R(r.conf_high, c.number("conf_high"));
        CHECK_AGREES_WITH_R(std::optional<double>(r.conf_level), c.number("conf_level"));
    }
    CHECK(hodges_lehmann({}, {1, 2}).not_computable == "not computable: first group has no values");
    CHECK_FALSE(hodges_lehmann({2, 2}, {2, 2, 2}).not_computable.empty());
}

TEST_CASE("roc_analysis gives pROC's DeLong interval and printed cut-off", "[stats][roc]") {
    const auto cases = load_cases("roc_ci", kMethods);
    REQUIRE(cases.size() >= 5);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        std::vector<bool> outcome;
        for (const double o : c.doubles("outcome"))
            outcome.push_back(o != 0.0);
        const RocResult r = roc_analysis(c.doubles("marker"), outcome);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.auc, c.number("auc"));
        CHECK_AGREES_WITH_R(r.auc_low, c.number("auc_low"));
        CHECK_AGREES_WITH_R(r.auc_high, c.number("auc_high"));
        if (c.number("cutoff")) CHECK_AGREES_WITH_R(r.best_midpoint, c.number("cutoff"));
        // The two printed forms classify every observed value the same way.
        for (const double m : c.doubles("marker"))
            CHECK((m >= r.best->threshold) == (m > *r.best_midpoint));
    }
}
