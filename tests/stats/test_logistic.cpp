#include <catch2/catch.hpp>

#include <cmath>

#include "regression_fixture.h"
#include "stats/interpolation.h"
#include "stats/logistic.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;

namespace {

LogisticData data_of(const FixtureCase& c) {
    LogisticData d;
    for (double y : c.doubles("y"))
        d.outcome.push_back(y != 0.0);
    d.design = testing::design_of(c);
    return d;
}

const std::vector<FixtureCase>& cases() {
    static const auto all = testing::load_cases("logistic", "regression_fixtures.txt");
    return all;
}

bool any_infinite(const LogisticFit& fit) {
    for (const auto& k : fit.coefficients) {
        if (k.may_be_infinite) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("logistic_regression coefficients, OR and Wald CIs agree with glm", "[stats][logistic]") {
    REQUIRE(cases().size() >= 7);
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const LogisticFit fit = logistic_regression(data_of(c));
        REQUIRE(fit.not_computable.empty());
        const auto aliased = testing::flags_of(c, "aliased");
        const auto infinite = testing::flags_of(c, "infinite");
        REQUIRE(fit.coefficients.size() == aliased.size());
        CHECK(fit.fitted_zero_or_one == (*c.number("fitted01") != 0.0));
        for (std::size_t j = 0; j < aliased.size(); ++j) {
            const Coefficient& k = fit.coefficients[j];
            INFO("coefficient " << k.name);
            CHECK(k.aliased == aliased[j]);
            CHECK(k.may_be_infinite == infinite[j]);
            if (any_infinite(fit) || aliased[j]) continue;  // R's last iterate is no estimate
            CHECK_AGREES_WITH_R(k.estimate, c.numbers("coef")[j]);
            CHECK_AGREES_WITH_R(k.std_error, c.numbers("se")[j]);
            CHECK_AGREES_WITH_R(k.ratio, c.numbers("or")[j]);
            CHECK_AGREES_WITH_R(k.lower, c.numbers("wald_lower")[j]);
            CHECK_AGREES_WITH_R(k.upper, c.numbers("wald_upper")[j]);
            CHECK_AGREES_WITH_R(k.z, c.numbers("z")[j]);
            CHECK_AGREES_WITH_R(k.p, c.numbers("p")[j]);
        }
        if (any_infinite(fit)) {
            CHECK_FALSE(fit.warnings.empty());
            continue;
        }
        CHECK(fit.converged);
        CHECK_AGREES_WITH_R(fit.deviance, c.number("deviance"));
        CHECK_AGREES_WITH_R(fit.null_deviance, c.number("null_deviance"));
        CHECK_AGREES_WITH_R(fit.aic, c.number("aic"));
        CHECK_AGREES_WITH_R(fit.likelihood_ratio.statistic, c.numbers("lr")[0]);
        CHECK_AGREES_WITH_R(fit.likelihood_ratio.df, c.numbers("lr")[1]);
        CHECK_AGREES_WITH_R(fit.likelihood_ratio.p, c.numbers("lr")[2]);
    }
}

TEST_CASE("logistic_regression profile-likelihood CIs agree with confint (MASS)",
          "[stats][logistic]") {
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const LogisticFit fit = logistic_regression(data_of(c));
        if (any_infinite(fit)) continue;
        const auto lower = c.numbers("profile_lower");
        const auto upper = c.numbers("profile_upper");
        REQUIRE(fit.profile_lower.size() == lower.size());
        for (std::size_t j = 0; j < lower.size(); ++j) {
            INFO("coefficient " << fit.coefficients[j].name);
            CHECK_AGREES_WITH_R(fit.profile_lower[j], lower[j]);
            CHECK_AGREES_WITH_R(fit.profile_upper[j], upper[j]);
        }
    }
}

TEST_CASE("logistic_regression reports what it cannot fit", "[stats][logistic]") {
    CHECK_FALSE(logistic_regression(LogisticData{}).not_computable.empty());
    LogisticData d;
    d.outcome = {true, false};
    d.design.add_column("x", "x");
    d.design.rows = {{1}};
    CHECK_FALSE(logistic_regression(d).not_computable.empty());
    // An outcome every subject (or none) had: a model of nothing, not OR 1 with p 1.
    d.design.rows = {{1}, {2}, {3}};
    d.outcome = {true, true, true};
    CHECK(logistic_regression(d).not_computable == "not computable: every subject had the outcome");
    d.outcome = {false, false, false};
    CHECK(logistic_regression(d).not_computable == "not computable: no subject had the outcome");
}

TEST_CASE("fmm_spline interpolates a cubic exactly and linear_approx stays in range",
          "[stats][logistic]") {
    const std::vector<double> x{0, 1, 2, 3, 4};
    std::vector<double> y;
    for (double v : x)
        y.push_back(v * v * v - 2 * v);
    const Curve sp = fmm_spline(x, y);
    REQUIRE(sp.x.size() == 15);
    for (std::size_t i = 0; i < sp.x.size(); ++i) {
        CHECK(sp.y[i] == Approx(sp.x[i] * sp.x[i] * sp.x[i] - 2 * sp.x[i]));
    }
    CHECK(linear_approx({0, 1, 2}, {0, 10, 20}, 1.5) == Approx(15));
    CHECK_FALSE(linear_approx({0, 1, 2}, {0, 10, 20}, 2.5).has_value());
}

TEST_CASE("logistic_regression: a finite coefficient beside separated ones is glm's",
          "[stats][logistic]") {
    // tests/stats/logistic_partial_separation.R: every patient of group a had the outcome, so
    // the intercept and the group's coefficient are infinite, and x is estimated from group b
    // alone. Run on past convergence, the separated patients' weights underflow and the step
    // drops their columns; x then moved, and was called infinite too.
    const int group[] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
    const double x[] = {3, 5, 8, 6, 2, 4, 5, 7, 9, 3, 6, 8};
    const bool y[] = {true, true, true, true, false, true, false, true, true, false, false, true};
    LogisticData d;
    d.design.add_column("grp: b vs a", "grp");
    d.design.add_column("x", "x");
    for (int i = 0; i < 12; ++i) {
        d.design.rows.push_back({static_cast<double>(group[i]), x[i]});
        d.outcome.push_back(y[i]);
    }
    const LogisticFit fit = logistic_regression(d);
    REQUIRE(fit.coefficients.size() == 3);
    CHECK(fit.coefficients[0].may_be_infinite);
    CHECK(fit.coefficients[1].may_be_infinite);
    const Coefficient& k = fit.coefficients[2];
    CHECK_FALSE(k.may_be_infinite);
    CHECK_AGREES_WITH_R(k.estimate, 0.826876121367358);
    CHECK_AGREES_WITH_R(k.std_error, 0.544985011979076);
    CHECK_AGREES_WITH_R(k.p, 0.129204682702911);
    REQUIRE(fit.profile_lower.size() == 3);
    // confint's limits are on the coefficient's scale; the fit's on the odds ratio's.
    CHECK_AGREES_WITH_R(fit.profile_lower[2], std::exp(0.0173285104631501));
    CHECK_AGREES_WITH_R(fit.profile_upper[2], std::exp(2.4348238193317511));
}
