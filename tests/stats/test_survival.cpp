#include <catch2/catch.hpp>

#include <cmath>

#include "fixture_reader.h"
#include "stats/kaplan_meier.h"
#include "stats/log_rank.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;
using dayzero::stats::testing::load_cases;

namespace {

std::vector<SurvivalObservation> observations_of(const FixtureCase& c) {
    const auto time = c.doubles("time");
    const auto status = c.doubles("status");
    std::vector<SurvivalObservation> out;
    for (std::size_t i = 0; i < time.size(); ++i) {
        out.push_back({time[i], status[i] != 0.0});
    }
    return out;
}

std::optional<double> as_optional(double v) {
    return v;
}

// R's columns of a survfit curve or of summary(fit, times =), selected by field prefix.
struct ExpectedRows {
    ExpectedRows(const FixtureCase& c, const std::string& prefix)
        : time(c.doubles(prefix + "time")),
          n_risk(c.doubles(prefix + "nrisk")),
          n_event(c.doubles(prefix + "nevent")),
          n_censor(c.doubles(prefix + "ncensor")),
          surv(c.doubles(prefix + "surv")),
          std_err(c.numbers(prefix + "stderr")),
          lower(c.numbers(prefix + "lower")),
          upper(c.numbers(prefix + "upper")) {}

    // Compares row i with one of ours. R reports an infinite std.err where everyone still at
    // risk had the event; we report nullopt there.
    template <typename Row>
    void check(std::size_t i, const Row& row) const {
        INFO("row " << i << " time " << time[i]);
        CHECK(row.time == time[i]);
        CHECK(static_cast<double>(row.n_risk) == n_risk[i]);
        CHECK(static_cast<double>(row.n_event) == n_event[i]);
        CHECK(static_cast<double>(row.n_censor) == n_censor[i]);
        CHECK_AGREES_WITH_R(as_optional(row.surv), as_optional(surv[i]));
        const bool infinite = std_err[i] && std::isinf(*std_err[i]);
        CHECK_AGREES_WITH_R(row.std_err, infinite ? std::nullopt : std_err[i]);
        CHECK_AGREES_WITH_R(row.lower, lower[i]);
        CHECK_AGREES_WITH_R(row.upper, upper[i]);
    }

    std::vector<double> time, n_risk, n_event, n_censor, surv;
    std::vector<std::optional<double>> std_err, lower, upper;
};

}  // namespace

TEST_CASE("kaplan_meier curve agrees with survfit", "[stats][km]") {
    const auto cases = load_cases("km");
    REQUIRE(cases.size() >= 6);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const KaplanMeierFit fit = kaplan_meier(observations_of(c));
        REQUIRE(fit.not_computable.empty());
        const ExpectedRows expected(c, "row_");
        REQUIRE(fit.rows.size() == expected.time.size());
        for (std::size_t i = 0; i < fit.rows.size(); ++i) {
            expected.check(i, fit.rows[i]);
        }
    }
}

TEST_CASE("kaplan_meier median, quartiles and CIs agree with quantile.survfit", "[stats][km]") {
    const auto cases = load_cases("km");
    int na_upper = 0;
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const SurvivalQuantile m = survival_median(kaplan_meier(observations_of(c)));
        CHECK_AGREES_WITH_R(m.estimate, c.number("median"));
        CHECK_AGREES_WITH_R(m.lower, c.number("median_lower"));
        CHECK_AGREES_WITH_R(m.upper, c.number("median_upper"));
        na_upper += c.number("median_upper").has_value() ? 0 : 1;
        const auto quartiles = c.numbers("quartiles");
        const auto quartiles_lower = c.numbers("quartiles_lower");
        const auto quartiles_upper = c.numbers("quartiles_upper");
        const double probs[] = {0.25, 0.75};
        for (std::size_t i = 0; i < 2; ++i) {
            INFO("quantile " << probs[i]);
            const SurvivalQuantile q =
                survival_quantile(kaplan_meier(observations_of(c)), probs[i]);
            CHECK_AGREES_WITH_R(q.estimate, quartiles[i]);
            CHECK_AGREES_WITH_R(q.lower, quartiles_lower[i]);
            CHECK_AGREES_WITH_R(q.upper, quartiles_upper[i]);
        }
    }
    CHECK(na_upper >= 2);  // the fixture must exercise NA upper limits
}

TEST_CASE("survival_at agrees with summary(fit, times =)", "[stats][km]") {
    for (const auto& c : load_cases("km")) {
        INFO("fixture " << c.id);
        const auto at = survival_at(kaplan_meier(observations_of(c)), c.doubles("times"));
        const ExpectedRows expected(c, "at_");
        REQUIRE(at.size() == expected.time.size());
        for (std::size_t i = 0; i < at.size(); ++i) {
            expected.check(i, at[i]);
        }
    }
}

TEST_CASE("log_rank_test agrees with survdiff", "[stats][logrank]") {
    const auto cases = load_cases("logrank");
    REQUIRE(cases.size() >= 3);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const auto obs = observations_of(c);
        const auto group = c.doubles("group");
        // survdiff orders groups by sorted level; fixtures use levels 1..k.
        std::vector<std::vector<SurvivalObservation>> groups;
        for (std::size_t i = 0; i < obs.size(); ++i) {
            const auto g = static_cast<std::size_t>(group[i]) - 1;
            if (groups.size() <= g) {
                groups.resize(g + 1);
            }
            groups[g].push_back(obs[i]);
        }
        const LogRankResult r = log_rank_test(groups);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.chisq, c.number("chisq"));
        CHECK_AGREES_WITH_R(r.df, c.number("df"));
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
        const auto observed = c.doubles("observed");
        const auto expected = c.doubles("expected");
        REQUIRE(r.expected.size() == expected.size());
        for (std::size_t g = 0; g < expected.size(); ++g) {
            CHECK_AGREES_WITH_R(as_optional(r.observed[g]), as_optional(observed[g]));
            CHECK_AGREES_WITH_R(as_optional(r.expected[g]), as_optional(expected[g]));
        }
    }
}

TEST_CASE("survival degenerate inputs", "[stats][km][logrank]") {
    const KaplanMeierFit empty = kaplan_meier({});
    CHECK(empty.not_computable == "not computable: no observations");
    CHECK_FALSE(survival_median(empty).estimate.has_value());

    const KaplanMeierFit censored = kaplan_meier({{3.0, false}, {5.0, false}});
    REQUIRE(censored.not_computable.empty());
    CHECK(censored.rows.back().surv == 1.0);
    const SurvivalQuantile m = survival_median(censored);
    CHECK_FALSE(m.estimate.has_value());
    CHECK_FALSE(m.upper.has_value());

    const KaplanMeierFit bad = kaplan_meier({{-1.0, true}});
    CHECK_FALSE(bad.not_computable.empty());

    const LogRankResult one_group = log_rank_test({{{1.0, true}}});
    CHECK(one_group.not_computable == "not computable: need at least 2 groups");
    const LogRankResult empty_group = log_rank_test({{{1.0, true}}, {}});
    CHECK(empty_group.not_computable == "not computable: group 2 is empty");
    const LogRankResult no_events = log_rank_test({{{1.0, false}}, {{2.0, false}}});
    CHECK_FALSE(no_events.p.has_value());
    CHECK_FALSE(no_events.not_computable.empty());
}

TEST_CASE("a curve flat at 0.5 to its end: quantile's midpoint, and print's time said",
          "[stats][km]") {
    // R 4.2.2, survival 3.5.3 (tests/stats/km_flat_end.R): quantile(fit, .5) is 175,
    // print(fit) shows a median of 150.
    const KaplanMeierFit fit =
        kaplan_meier({{100.0, true}, {150.0, true}, {150.0, false}, {200.0, false}});
    CHECK(survival_median(fit).estimate == 175.0);
    const auto flat = quantile_on_flat_end(fit);
    REQUIRE(flat.has_value());
    CHECK(flat->first == 150.0);
    CHECK(flat->second == 200.0);
    // A curve that goes on below 0.5, or stays above it, has one median in both.
    CHECK_FALSE(quantile_on_flat_end(
        kaplan_meier({{100.0, true}, {150.0, true}, {150.0, false}, {200.0, true}})));
    CHECK_FALSE(
        quantile_on_flat_end(kaplan_meier({{100.0, true}, {150.0, false}, {200.0, false}})));
}

TEST_CASE("survival_at_each keeps one entry per requested time", "[stats][km]") {
    const KaplanMeierFit fit = kaplan_meier({{2.0, true}, {4.0, false}, {6.0, true}, {9.0, false}});
    const auto each = survival_at_each(fit, {12.0, 5.0, 1.0});
    REQUIRE(each.size() == 3);
    CHECK_FALSE(each[0].has_value());  // after the last observed time: NA, as summary drops it
    REQUIRE(each[1].has_value());
    CHECK(each[1]->time == 5.0);
    CHECK(each[1]->surv == Approx(0.75));
    CHECK(each[1]->n_risk == 2);
    CHECK(each[1]->n_event == 1);  // the event at 2 counts after the earlier time 1 (sorted)
    REQUIRE(each[2].has_value());
    CHECK(each[2]->surv == 1.0);
    CHECK(each[2]->n_event == 0);
    const auto sorted = survival_at(fit, {12.0, 5.0, 1.0});
    CHECK(sorted.size() == 2);
}
