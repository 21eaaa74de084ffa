// Fever, episode opening/closing and the gap rule (docs/DERIVATIONS.md §5–6). Grade strings list
// days 0..28, one digit per day.
#include <catch2/catch.hpp>

#include "timeline_builder.h"

using dayzero::derive::CrsDefinition;
using dayzero::derive::derive_patient;
using dayzero::derive::EpisodeEnd;
using namespace dayzero::derive::testing;

namespace {

// A fever day (Tmax above threshold) and an afebrile day (readings present, all below).
void febrile(TimelineBuilder& b, int day) {
    b.temp(day, "08:00", 37.2).temp(day, "16:00", 38.6);
}
void afebrile(TimelineBuilder& b, int day) {
    b.temp(day, "08:00", 36.9).temp(day, "16:00", 37.4);
}

}  // namespace

TEST_CASE("no events at all: 29 grade-0 days, no episode, nothing known", "[derive][episodes]") {
    const auto d = derive_patient("P0", {});
    CHECK(d.patient_id == "P0");
    REQUIRE(d.days.size() == 29);
    CHECK(d.days.front().day == 0);
    CHECK(d.days.back().day == 28);
    CHECK(grade_string(d) == "00000000000000000000000000000");
    CHECK_FALSE(d.days[5].tmax_c.has_value());
    CHECK(d.episodes.empty());
    CHECK_FALSE(d.measures.any_crs);
    CHECK(d.measures.max_grade == 0);
    CHECK_FALSE(d.measures.onset_day.has_value());
    CHECK_FALSE(d.measures.os.days.has_value());
    CHECK(d.measures.toci_total_mg == 0.0);
}

TEST_CASE("fever only on day 0: a one-day grade-1 episode", "[derive][episodes]") {
    TimelineBuilder b;
    febrile(b, 0);
    for (int day = 1; day <= 3; ++day)
        afebrile(b, day);
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "10000000000000000000000000000");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].onset_day == 0);
    CHECK(d.episodes[0].end_day == 0);
    CHECK(d.episodes[0].duration == 1);
    CHECK(d.episodes[0].max_grade == 1);
    CHECK(d.episodes[0].ended_by == EpisodeEnd::kGap);
    CHECK(d.days[0].tmax_c == 38.6);
    CHECK(d.days[0].fever);
    REQUIRE(d.days[0].why.fever.has_value());
    CHECK(d.days[0].why.fever->seq == 2);
    CHECK(d.measures.onset_day == 0);
    CHECK(d.measures.crs_days == 1);
}

TEST_CASE("a single afebrile day inside an episode does not end it", "[derive][episodes]") {
    TimelineBuilder b;
    febrile(b, 3);
    febrile(b, 4);
    afebrile(b, 5);
    febrile(b, 6);
    afebrile(b, 7);
    afebrile(b, 8);
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00011010000000000000000000000");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].onset_day == 3);
    CHECK(d.episodes[0].end_day == 6);
    CHECK(d.episodes[0].duration == 4);  // the negative day inside counts
    CHECK(d.episodes[0].positive_days == 3);
    CHECK(d.episodes[0].days == std::vector<int>{3, 4, 5, 6});
    CHECK(d.days[5].in_episode);
    CHECK(d.days[5].episode == 1);
    CHECK_FALSE(d.days[7].in_episode);
    CHECK(d.measures.crs_days == 4);
    CHECK(d.measures.crs_positive_days == 3);
}

TEST_CASE("two afebrile days end the episode; the next fever opens a new one",
          "[derive][episodes]") {
    TimelineBuilder b;
    febrile(b, 3);
    febrile(b, 4);
    afebrile(b, 5);
    afebrile(b, 6);
    febrile(b, 7);
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00011001000000000000000000000");
    REQUIRE(d.episodes.size() == 2);
    CHECK(d.episodes[0].onset_day == 3);
    CHECK(d.episodes[0].end_day == 4);
    CHECK(d.episodes[0].duration == 2);
    CHECK(d.episodes[1].number == 2);
    CHECK(d.episodes[1].onset_day == 7);
    CHECK(d.episodes[1].end_day == 7);
    CHECK(d.episodes[1].duration == 1);
    CHECK(d.measures.crs_days == 3);

    SECTION("with a 3-day gap definition the same days are one episode") {
        CrsDefinition def;
        def.gap_days = 3;
        const auto merged = derive_patient("P1", b.events(), def);
        CHECK(grade_string(merged) == "00011001000000000000000000000");
        REQUIRE(merged.episodes.size() == 1);
        CHECK(merged.episodes[0].onset_day == 3);
        CHECK(merged.episodes[0].end_day == 7);
        CHECK(merged.episodes[0].duration == 5);
    }
}

TEST_CASE("fever returning a week later is a second episode", "[derive][episodes]") {
    TimelineBuilder b;
    febrile(b, 2);
    febrile(b, 3);
    for (int day = 4; day <= 11; ++day)
        afebrile(b, day);
    febrile(b, 12);
    febrile(b, 13);
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00110000000011000000000000000");
    REQUIRE(d.episodes.size() == 2);
    CHECK(d.episodes[0].days == std::vector<int>{2, 3});
    CHECK(d.episodes[1].days == std::vector<int>{12, 13});
    CHECK(d.days[12].episode == 2);
    CHECK(d.measures.episodes == 2);
    CHECK(d.measures.onset_day == 2);
    CHECK(d.measures.first_duration == 2);
}

TEST_CASE("oxygen or vasopressors without fever never open an episode", "[derive][episodes]") {
    TimelineBuilder b;
    b.oxygen(2, "10:00", "bipap").pressor_start(2, "11:00", "norepinephrine");
    b.dose(3, "09:00", "tocilizumab", 640.0);
    afebrile(b, 2);
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00000000000000000000000000000");
    CHECK(hypoxia_string(d) == "00444444444444444444444444444");
    CHECK(hypotension_string(d) == "00333333333333333333333333333");
    CHECK(d.episodes.empty());
}

TEST_CASE("an episode still open at the window end ends on its last positive day",
          "[derive][episodes]") {
    TimelineBuilder b;
    febrile(b, 26);
    febrile(b, 27);
    afebrile(b, 28);
    febrile(b, 29);  // outside the window: ignored
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00000000000000000000000000110");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].end_day == 27);
    CHECK(d.episodes[0].ended_by == EpisodeEnd::kWindowEnd);
}

TEST_CASE("fever threshold: >= 38.0 C, compared on the exact converted value", "[derive][fever]") {
    TimelineBuilder b;
    b.temp(1, "", 37.999);
    b.temp(2, "", 38.0);
    b.temp(3, "", (100.4 - 32.0) * 5.0 / 9.0);   // 100.4 F = 38.0 C exactly
    b.temp(6, "", (100.39 - 32.0) * 5.0 / 9.0);  // 37.994 C: rounding first would call it fever
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00110000000000000000000000000");
    CHECK_FALSE(d.days[1].fever);
    CHECK(d.days[3].fever);
    CHECK_FALSE(d.days[6].fever);

    SECTION("a changed threshold is used and described") {
        CrsDefinition def;
        def.fever_threshold_c = 37.9;
        const auto lowered = derive_patient("P1", b.events(), def);
        CHECK(grade_string(lowered) == "01110010000000000000000000000");
        CHECK_FALSE(def.is_default());
        CHECK(def.describe().find("37.9") != std::string::npos);
        CHECK(def.describe().find("modified") != std::string::npos);
    }
}

TEST_CASE("the default definition describes itself in one line", "[derive][definition]") {
    const CrsDefinition def;
    CHECK(def.is_default());
    const std::string text = def.describe();
    CHECK(text.find('\n') == std::string::npos);
    CHECK(text.find(">= 38.0 C") != std::string::npos);
    CHECK(text.find("> 6.0 L/min") != std::string::npos);
    CHECK(text.find("2 CRS-negative days") != std::string::npos);
    CHECK(text.find("tocilizumab") != std::string::npos);
    CHECK(text.find("0..28") != std::string::npos);
}
