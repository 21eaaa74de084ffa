#include <catch2/catch.hpp>

#include <cmath>

#include "regression_fixture.h"
#include "stats/cox.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;

namespace {

CoxData data_of(const FixtureCase& c) {
    CoxData d;
    d.time = c.doubles("time");
    for (double s : c.doubles("status"))
        d.event.push_back(s != 0.0);
    d.design = testing::design_of(c);
    return d;
}

const std::vector<FixtureCase>& cases() {
    static const auto all = testing::load_cases("cox", "regression_fixtures.txt");
    return all;
}

void check_test(const ModelTest& t, const std::vector<std::optional<double>>& r) {
    CHECK_AGREES_WITH_R(t.statistic, r[0]);
    CHECK_AGREES_WITH_R(t.df, r[1]);
    CHECK_AGREES_WITH_R(t.p, r[2]);
}

}  // namespace

TEST_CASE("cox_regression coefficients, HR and CIs agree with coxph", "[stats][cox]") {
    REQUIRE(cases().size() >= 7);
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const CoxFit fit = cox_regression(data_of(c));
        REQUIRE(fit.not_computable.empty());
        CHECK(fit.n == static_cast<std::int64_t>(*c.number("n")));
        CHECK(fit.events == static_cast<std::int64_t>(*c.number("events")));
        const auto aliased = testing::flags_of(c, "aliased");
        const auto infinite = testing::flags_of(c, "infinite");
        REQUIRE(fit.coefficients.size() == aliased.size());
        for (std::size_t j = 0; j < aliased.size(); ++j) {
            const Coefficient& k = fit.coefficients[j];
            INFO("coefficient " << k.name);
            CHECK(k.aliased == aliased[j]);
            CHECK(k.may_be_infinite == infinite[j]);
            if (infinite[j] || aliased[j]) continue;  // R's last iterate is no estimate
            CHECK_AGREES_WITH_R(k.estimate, c.numbers("coef")[j]);
            CHECK_AGREES_WITH_R(k.std_error, c.numbers("se")[j]);
            CHECK_AGREES_WITH_R(k.ratio, c.numbers("hr")[j]);
            CHECK_AGREES_WITH_R(k.lower, c.numbers("lower")[j]);
            CHECK_AGREES_WITH_R(k.upper, c.numbers("upper")[j]);
            CHECK_AGREES_WITH_R(k.z, c.numbers("z")[j]);
            CHECK_AGREES_WITH_R(k.p, c.numbers("p")[j]);
        }
    }
}

TEST_CASE("cox_regression likelihood ratio, Wald and score tests agree with coxph",
          "[stats][cox]") {
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const CoxFit fit = cox_regression(data_of(c));
        REQUIRE(fit.not_computable.empty());
        CHECK_AGREES_WITH_R(fit.loglik_null, c.numbers("loglik")[0]);
        CHECK_AGREES_WITH_R(fit.loglik, c.numbers("loglik")[1]);
        check_test(fit.likelihood_ratio, c.numbers("lr"));
        check_test(fit.score, c.numbers("score"));
        bool any_infinite = false;
        for (const auto& k : fit.coefficients)
            any_infinite = any_infinite || k.may_be_infinite;
        if (!any_infinite)
            check_test(fit.wald, c.numbers("wald"));  // R's Wald depends on
                                                      // where it stopped
    }
}

TEST_CASE("cox_zph agrees with cox.zph (transform km, terms together)", "[stats][cox]") {
    for (const auto& c : cases()) {
        INFO("fixture " << c.id);
        const CoxData data = data_of(c);
        const CoxFit fit = cox_regression(data);
        bool any_infinite = false;
        for (const auto& k : fit.coefficients)
            any_infinite = any_infinite || k.may_be_infinite;
        if (any_infinite) continue;  // a test at a diverging estimate has no fixed value
        const ZphResult zph = cox_zph(data, fit);
        REQUIRE(zph.not_computable.empty());
        const auto chisq = c.numbers("zph_chisq");
        REQUIRE(zph.rows.size() == chisq.size());
        for (std::size_t i = 0; i < chisq.size(); ++i) {
            INFO("row " << zph.rows[i].term);
            CHECK_AGREES_WITH_R(zph.rows[i].chisq, chisq[i]);
            CHECK_AGREES_WITH_R(zph.rows[i].df, c.numbers("zph_df")[i]);
            CHECK_AGREES_WITH_R(zph.rows[i].p, c.numbers("zph_p")[i]);
        }
        CHECK(zph.rows.back().term == "GLOBAL");
    }
}

TEST_CASE("cox_regression reports what it cannot fit", "[stats][cox]") {
    CoxData none;
    CHECK_FALSE(cox_regression(none).not_computable.empty());
    CoxData censored;
    censored.time = {1, 2, 3};
    censored.event = {false, false, false};
    censored.design.add_column("x", "x");
    censored.design.rows = {{1}, {2}, {3}};
    CHECK(cox_regression(censored).not_computable == "not computable: no events");
    CoxData bad = censored;
    bad.event = {true, false, true};
    bad.time[1] = -1;
    CHECK_FALSE(cox_regression(bad).not_computable.empty());
}

TEST_CASE("cox_regression warns when it runs out of iterations", "[stats][cox]") {
    CoxData d;
    d.time = {1, 2, 3, 4, 5, 6};
    d.event = {true, true, true, true, true, true};
    d.design.add_column("x", "x");
    d.design.rows = {{1}, {1}, {1}, {0}, {0}, {0}};
    CoxControl once;
    once.iter_max = 1;
    const CoxFit fit = cox_regression(d, once);
    CHECK_FALSE(fit.converged);
    REQUIRE_FALSE(fit.warnings.empty());
    CHECK(fit.warnings[0].find("did not converge") != std::string::npos);
}
