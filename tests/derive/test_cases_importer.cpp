// The case fixtures are real canonical long CSV: the production importer must accept them and
// the derivation must not depend on which reader loaded them.
#include <catch2/catch.hpp>

#include "case_loader.h"
#include "importers/long_decoder.h"
#include "timeline_builder.h"

using dayzero::derive::derive_patient;
using namespace dayzero::derive::testing;

TEST_CASE("case fixtures import cleanly and derive the same as with the test loader",
          "[derive][cases][importer]") {
    const auto name = GENERATE(as<std::string>{}, "case_a_grade4_bipap_two_pressors.csv",
                               "case_b_crs_death.csv", "case_c_mild_untimed.csv");
    INFO(name);
    const auto decoded = dayzero::importers::decode_long_csv(case_path(name));
    for (const auto& problem : decoded.errors)
        FAIL_CHECK(problem.to_string());
    for (const auto& problem : decoded.warnings)
        FAIL_CHECK(problem.to_string());
    REQUIRE(decoded.ok());
    auto imported = decoded.events;
    sort_timeline(imported);
    const auto from_importer = derive_patient("X", imported);
    const auto from_loader = derive_patient("X", load_case(case_path(name)));
    CHECK(grade_string(from_importer) == grade_string(from_loader));
    CHECK(masked_string(from_importer) == masked_string(from_loader));
    REQUIRE(from_importer.episodes.size() == from_loader.episodes.size());
    for (size_t i = 0; i < from_loader.episodes.size(); ++i) {
        CHECK(from_importer.episodes[i].onset_day == from_loader.episodes[i].onset_day);
        CHECK(from_importer.episodes[i].end_day == from_loader.episodes[i].end_day);
        CHECK(from_importer.episodes[i].max_grade == from_loader.episodes[i].max_grade);
    }
    CHECK(from_importer.measures.toci_total_mg == from_loader.measures.toci_total_mg);
    CHECK(from_importer.measures.steroid_mpe_mg == from_loader.measures.steroid_mpe_mg);
}
