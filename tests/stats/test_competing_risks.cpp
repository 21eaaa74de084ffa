#include <catch2/catch.hpp>

#include "fixture_reader.h"
#include "stats/competing_risks.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;

namespace {

// The subjects of each group, in the fixture's group order.
std::vector<std::vector<CompetingObservation>> groups_of(const FixtureCase& c) {
    const auto time = c.doubles("time");
    const auto status = c.doubles("status");
    const auto group = c.doubles("group");
    std::vector<std::vector<CompetingObservation>> out;
    for (std::size_t i = 0; i < time.size(); ++i) {
        const auto g = static_cast<std::size_t>(group[i]);
        if (out.size() <= g) out.resize(g + 1);
        const CompetingStatus s = status[i] == 1.0   ? CompetingStatus::kEvent
                                  : status[i] == 2.0 ? CompetingStatus::kCompeting
                                                     : CompetingStatus::kCensored;
        out[g].push_back({time[i], s});
    }
    return out;
}

const std::vector<FixtureCase>& cases() {
    static const auto all = testing::load_cases("cuminc", "regression_fixtures.txt");
    return all;
}

}  // namespace

TEST_CASE("cumulative_incidence agrees with cuminc and timepoints", "[stats][cuminc]") {
    REQUIRE(cases().size() >= 3);
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const auto groups = groups_of(c);
        const auto at = c.doubles("at");
        for (std::size_t g = 0; g < groups.size(); ++g) {
            INFO("group " << g);
            const IncidenceCurve curve = cumulative_incidence(groups[g]);
            REQUIRE(curve.not_computable.empty());
            const std::string k = std::to_string(g);
            const auto est = c.numbers("est_" + k);
            const auto var = c.numbers("var_" + k);
            for (std::size_t t = 0; t < at.size(); ++t) {
                INFO("time " << at[t]);
                const auto point = incidence_at(curve, at[t]);
                REQUIRE(point.has_value() == est[t].has_value());
                if (!point) continue;
                CHECK_AGREES_WITH_R(std::optional<double>(point->estimate), est[t]);
                CHECK_AGREES_WITH_R(std::optional<double>(point->std_err * point->std_err), var[t]);
                CHECK_AGREES_WITH_R(point->lower, c.numbers("lower_" + k)[t]);
                CHECK_AGREES_WITH_R(point->upper, c.numbers("upper_" + k)[t]);
            }
        }
    }
}

TEST_CASE("gray_test agrees with cuminc's Tests", "[stats][cuminc]") {
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const GrayTestResult gray = gray_test(groups_of(c));
        REQUIRE(gray.not_computable.empty());
        const auto expected = c.numbers("gray");  // stat, p, df
        CHECK_AGREES_WITH_R(gray.statistic, expected[0]);
        CHECK_AGREES_WITH_R(gray.p, expected[1]);
        CHECK_AGREES_WITH_R(gray.df, expected[2]);
    }
}

TEST_CASE("competing-risks functions report what they cannot compute", "[stats][cuminc]") {
    CHECK_FALSE(cumulative_incidence({}).not_computable.empty());
    CHECK_FALSE(gray_test({{{1.0, CompetingStatus::kEvent}}}).not_computable.empty());
    CHECK(gray_test({{{1.0, CompetingStatus::kCompeting}}, {{2.0, CompetingStatus::kCensored}}})
              .not_computable == "not computable: no events of interest");
    CHECK_FALSE(gray_test({{{1.0, CompetingStatus::kEvent}}, {}}).not_computable.empty());
}
