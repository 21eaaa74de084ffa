#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "fixture_reader.h"
#include "stats/distributions.h"

using namespace dayzero::stats;
using dayzero::stats::testing::FixtureCase;
using dayzero::stats::testing::load_cases;

namespace {

const FixtureCase& find_case(const std::vector<FixtureCase>& cases, const std::string& id) {
    for (const auto& c : cases) {
        if (c.id == id) {
            return c;
        }
    }
    FAIL("fixture " << id << " missing");
    return cases.front();
}

std::optional<double> opt(double v) {
    return v;
}

}  // namespace

TEST_CASE("Boost.Math wrappers agree with R's distribution functions", "[stats][dist]") {
    const auto cases = load_cases("dist");
    REQUIRE(cases.size() == 4);

    const FixtureCase& normal = find_case(cases, "dist_normal");
    const auto z = normal.doubles("z");
    for (std::size_t i = 0; i < z.size(); ++i) {
        INFO("z = " << z[i]);
        CHECK_AGREES_WITH_R(opt(pnorm(z[i])), opt(normal.doubles("pnorm")[i]));
        CHECK_AGREES_WITH_R(opt(pnorm_upper(z[i])), opt(normal.doubles("upper")[i]));
    }
    const auto p = normal.doubles("p");
    for (std::size_t i = 0; i < p.size(); ++i) {
        CHECK_AGREES_WITH_R(opt(qnorm(p[i])), opt(normal.doubles("qnorm")[i]));
    }

    const FixtureCase& chisq = find_case(cases, "dist_chisq");
    for (std::size_t i = 0; i < chisq.doubles("x").size(); ++i) {
        CHECK_AGREES_WITH_R(opt(pchisq_upper(chisq.doubles("x")[i], chisq.doubles("df")[i])),
                            opt(chisq.doubles("pchisq_upper")[i]));
    }

    const FixtureCase& gamma = find_case(cases, "dist_gamma");
    for (std::size_t i = 0; i < gamma.doubles("x").size(); ++i) {
        CHECK_AGREES_WITH_R(opt(pgamma(gamma.doubles("x")[i], gamma.doubles("shape")[i],
                                       gamma.doubles("scale")[i])),
                            opt(gamma.doubles("pgamma")[i]));
    }

    const FixtureCase& hyper = find_case(cases, "dist_hyper");
    for (std::size_t i = 0; i < hyper.doubles("k").size(); ++i) {
        const auto k = static_cast<std::int64_t>(hyper.doubles("k")[i]);
        const auto white = static_cast<std::int64_t>(hyper.doubles("white")[i]);
        const auto black = static_cast<std::int64_t>(hyper.doubles("black")[i]);
        const auto draws = static_cast<std::int64_t>(hyper.doubles("draws")[i]);
        INFO("k = " << k);
        CHECK_AGREES_WITH_R(opt(dhyper(k, white, black, draws)), opt(hyper.doubles("dhyper")[i]));
        CHECK_AGREES_WITH_R(opt(phyper(k, white, black, draws)), opt(hyper.doubles("phyper")[i]));
    }
}

TEST_CASE("distribution edge values", "[stats][dist]") {
    CHECK(pchisq_upper(0.0, 3.0) == 1.0);
    CHECK(pnorm(-std::numeric_limits<double>::infinity()) == 0.0);
    CHECK(dhyper(11, 10, 7, 8) == 0.0);  // more white drawn than exist
    CHECK(phyper(-1, 10, 7, 8) == 0.0);
    CHECK(dhyper(1, 3, 2, 9) == 0.0);  // impossible: 9 draws from 5 balls; no exception
    CHECK(phyper(1, -3, 2, 1) == 0.0);
    CHECK(qnorm(0.0) == -std::numeric_limits<double>::infinity());
    CHECK(log_factorial(0) == 0.0);
    CHECK(log_factorial(5) == Approx(std::log(120.0)).epsilon(1e-14));
}
