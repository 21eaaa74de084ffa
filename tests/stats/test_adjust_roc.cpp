#include <catch2/catch.hpp>

#include "fixture_reader.h"
#include "stats/p_adjust.h"
#include "stats/roc.h"

using namespace dayzero::stats;
using dayzero::stats::testing::load_cases;

TEST_CASE("p_adjust agrees with R's p.adjust", "[stats][padjust]") {
    const auto cases = load_cases("padjust");
    REQUIRE(cases.size() >= 3);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        const std::string method = c.word("method");
        const AdjustMethod m = method == "holm"         ? AdjustMethod::kHolm
                               : method == "bonferroni" ? AdjustMethod::kBonferroni
                                                        : AdjustMethod::kBenjaminiHochberg;
        const auto adjusted = p_adjust(c.numbers("p"), m);
        const auto expected = c.numbers("adjusted");
        REQUIRE(adjusted.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK_AGREES_WITH_R(adjusted[i], expected[i]);
        }
    }
}

TEST_CASE("p_adjust double overload clamps invalid inputs", "[stats][padjust]") {
    const auto adjusted = p_adjust(std::vector<double>{0.01, 0.02}, AdjustMethod::kBonferroni);
    CHECK(adjusted == std::vector<double>{0.02, 0.04});
    const auto bad =
        p_adjust(std::vector<std::optional<double>>{0.01, 1.5}, AdjustMethod::kBonferroni);
    CHECK_FALSE(bad[1].has_value());
    CHECK(*bad[0] == 0.01);  // n counts valid p-values only
}

TEST_CASE("roc_analysis agrees with R (AUC = W / n1 n0, Youden)", "[stats][roc]") {
    const auto cases = load_cases("roc");
    REQUIRE(cases.size() >= 3);
    for (const auto& c : cases) {
        INFO("fixture " << c.id);
        std::vector<bool> outcome;
        for (double v : c.doubles("outcome")) {
            outcome.push_back(v != 0.0);
        }
        const RocResult r = roc_analysis(c.doubles("marker"), outcome);
        REQUIRE(r.not_computable.empty());
        REQUIRE(r.best.has_value());
        CHECK_AGREES_WITH_R(r.auc, c.number("auc"));
        CHECK_AGREES_WITH_R(std::optional<double>(r.best->threshold), c.number("threshold"));
        CHECK_AGREES_WITH_R(std::optional<double>(r.best->sensitivity), c.number("sensitivity"));
        CHECK_AGREES_WITH_R(std::optional<double>(r.best->specificity), c.number("specificity"));
        CHECK_AGREES_WITH_R(r.youden, c.number("youden"));
    }
}

TEST_CASE("roc needs both outcome classes", "[stats][roc]") {
    const RocResult r = roc_analysis({1.0, 2.0}, {true, true});
    CHECK_FALSE(r.auc.has_value());
    CHECK(r.not_computable == "not computable: no negative outcomes");
    CHECK(roc_analysis({1.0}, {true, false}).not_computable ==
          "not computable: marker and outcome have different lengths");
}
