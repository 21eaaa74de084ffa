#include <catch2/catch.hpp>

#include "fixture_reader.h"
#include "stats/wilcoxon.h"

using namespace dayzero::stats;
using dayzero::stats::testing::load_cases;

namespace {

Alternative parse_alternative(const std::string& word) {
    if (word == "less") {
        return Alternative::kLess;
    }
    return word == "greater" ? Alternative::kGreater : Alternative::kTwoSided;
}

}  // namespace

TEST_CASE("wilcoxon_rank_sum agrees with R's wilcox.test", "[stats][wilcoxon]") {
    const auto cases = load_cases("wilcox");
    REQUIRE(cases.size() >= 10);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        WilcoxonOptions options;
        options.alternative = parse_alternative(c.word("alternative"));
        const std::string exact = c.word("exact");
        options.method = exact == "exact"    ? WilcoxonMethod::kExact
                         : exact == "approx" ? WilcoxonMethod::kApproximate
                                             : WilcoxonMethod::kAuto;
        options.correct = *c.number("correct") != 0.0;
        const WilcoxonResult r = wilcoxon_rank_sum(c.doubles("x"), c.doubles("y"), options);
        REQUIRE(r.not_computable.empty());
        CHECK_AGREES_WITH_R(r.w, c.number("W"));
        CHECK_AGREES_WITH_R(r.p, c.number("p"));
    }
}

TEST_CASE("wilcoxon picks exact without ties and approximation with ties", "[stats][wilcoxon]") {
    const WilcoxonResult exact = wilcoxon_rank_sum({1.0, 4.0, 6.0}, {2.0, 3.0, 5.0, 7.0});
    CHECK(exact.exact);
    CHECK(exact.method == "Wilcoxon rank sum exact test");
    WilcoxonOptions force;
    force.method = WilcoxonMethod::kExact;
    const WilcoxonResult tied = wilcoxon_rank_sum({1.0, 2.0, 2.0}, {2.0, 3.0, 5.0}, force);
    CHECK_FALSE(tied.exact);
    REQUIRE(tied.warnings.size() == 1);
    CHECK(tied.warnings[0] == "cannot compute exact p-value with ties");
}

TEST_CASE("wilcoxon degenerate inputs are not computable", "[stats][wilcoxon]") {
    const WilcoxonResult empty = wilcoxon_rank_sum({}, {1.0, 2.0});
    CHECK_FALSE(empty.p.has_value());
    CHECK(empty.not_computable == "not computable: first group has no values");
    const WilcoxonResult equal = wilcoxon_rank_sum({3.0, 3.0}, {3.0, 3.0, 3.0});
    CHECK_FALSE(equal.p.has_value());
    CHECK(equal.not_computable == "not computable: all values are equal (zero variance)");
}

TEST_CASE("pwilcox is a distribution function", "[stats][wilcoxon]") {
    CHECK(*pwilcox(-1, 4, 5) == 0.0);
    CHECK(*pwilcox(20, 4, 5) == 1.0);
    // P(W <= 0) = 1 / choose(9, 4) = 1 / 126.
    CHECK(*pwilcox(0, 4, 5) == Approx(1.0 / 126.0).epsilon(1e-12));
    // Symmetry: P(W <= k) = P(W >= mn - k).
    CHECK(*pwilcox(7, 4, 5) == Approx(1.0 - *pwilcox(12, 4, 5)).epsilon(1e-12));
    CHECK_FALSE(pwilcox(10, 600, 600).has_value());
}
