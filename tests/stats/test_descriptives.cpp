#include <catch2/catch.hpp>

#include <limits>

#include "fixture_reader.h"
#include "stats/descriptives.h"

using namespace dayzero::stats;
using dayzero::stats::testing::load_cases;

TEST_CASE("describe agrees with R's mean, sd, quantile and median", "[stats][descriptives]") {
    const auto cases = load_cases("describe");
    REQUIRE(cases.size() >= 5);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const auto type = *c.number("type") == 6.0 ? QuantileType::kType6 : QuantileType::kType7;
        const Descriptives d = describe(c.numbers("x"), type);
        CHECK(d.not_computable.empty());
        CHECK(static_cast<double>(d.n) == *c.number("n"));
        CHECK(static_cast<double>(d.missing) == *c.number("missing"));
        CHECK_AGREES_WITH_R(d.mean, c.number("mean"));
        CHECK_AGREES_WITH_R(d.sd, c.number("sd"));
        CHECK_AGREES_WITH_R(d.min, c.number("min"));
        CHECK_AGREES_WITH_R(d.q1, c.number("q1"));
        CHECK_AGREES_WITH_R(d.median, c.number("median"));
        CHECK_AGREES_WITH_R(d.q3, c.number("q3"));
        CHECK_AGREES_WITH_R(d.max, c.number("max"));
    }
}

TEST_CASE("describe of no values is not computable", "[stats][descriptives]") {
    const Descriptives d = describe(std::vector<std::optional<double>>{std::nullopt, std::nullopt});
    CHECK(d.n == 0);
    CHECK(d.missing == 2);
    CHECK_FALSE(d.median.has_value());
    CHECK(d.not_computable.rfind("not computable:", 0) == 0);
}

TEST_CASE("a single value has no SD but has a median", "[stats][descriptives]") {
    const Descriptives d = describe(std::vector<double>{4.5});
    CHECK(d.not_computable.empty());
    CHECK_FALSE(d.sd.has_value());
    REQUIRE(d.median.has_value());
    CHECK(*d.median == 4.5);
    CHECK(*d.q1 == 4.5);
}

TEST_CASE("category counts and one-decimal percentages", "[stats][descriptives]") {
    const std::vector<std::optional<std::string>> values{"CR",         "PR", "CR",
                                                         std::nullopt, "SD", "CR"};
    const CategoryCounts counts = count_categories(values);
    REQUIRE(counts.levels.size() == 3);
    CHECK(counts.levels[0].level == "CR");
    CHECK(counts.levels[0].count == 3);
    CHECK(counts.total == 5);
    CHECK(counts.missing == 1);
    CHECK(counts.levels[0].percent == Approx(60.0));
    CHECK(format_count_percent(3, 5) == "3 (60.0%)");
    CHECK(format_count_percent(1, 3) == "1 (33.3%)");
    CHECK(format_count_percent(2, 3) == "2 (66.7%)");
    CHECK(format_count_percent(0, 0) == "0 (-)");
    CHECK(format_percent(12.25) == "12.2");  // binary 12.25 is exact: C rounds half to even
}

TEST_CASE("describe never reports NaN for infinite inputs", "[stats][descriptives]") {
    const double inf = std::numeric_limits<double>::infinity();
    const Descriptives d = describe(std::vector<double>{-inf, 1.0, inf});
    CHECK(d.n == 3);
    CHECK_FALSE(d.mean.has_value());  // R: NaN
    CHECK_FALSE(d.sd.has_value());    // R: NaN
    REQUIRE(d.median.has_value());
    CHECK(*d.median == 1.0);
    CHECK(*d.max == inf);
}
