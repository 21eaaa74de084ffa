// The daily-grade projection's codec: rows and episodes round-trip exactly (temperatures in
// tenths or in full), and malformed bytes decode as "no", never as other grades.
#include <catch2/catch.hpp>

#include <cmath>

#include "days_grades_check.h"
#include "query/days_codec.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

derive::PatientDerivation sample() {
    derive::PatientDerivation d;
    d.patient_id = "P1";
    const std::vector<std::optional<double>> tmax = {
        std::nullopt, 37.0, 38.6, 38.123456789, -0.0, 0.0, 100.0 * 5 / 9, 1e12, -40.1};
    for (size_t i = 0; i < tmax.size(); ++i) {
        derive::DailyGrade g;
        g.day = static_cast<int>(i) - 1;
        g.tmax_c = tmax[i];
        g.fever = i % 2 == 0;
        g.hypotension_level = static_cast<int>(i % 5);
        g.hypoxia_level = static_cast<int>((i + 2) % 5);
        g.treatment = i == 3;
        g.masked = i >= 3;
        g.crs_death = i == 8;
        g.grade = static_cast<int>(i % 6);
        g.in_episode = i >= 2;
        g.episode = g.in_episode ? 300 : 0;
        d.days.push_back(g);
    }
    derive::Episode e;
    e.number = 300;
    e.onset_day = 1;
    e.end_day = 7;
    e.duration = 7;
    e.max_grade = 5;
    e.positive_days = 6;
    e.ended_by = derive::EpisodeEnd::kDeath;
    e.masked_from_day = 2;
    e.toci_doses = 1;
    e.toci.push_back({77, 2, uint16_t{615}, "tocilizumab", 560.0});
    e.steroids.push_back({78, 3, std::nullopt, "dexamethasone", std::nullopt});
    e.steroid_doses = 1;
    e.onset_minute = 600;
    e.days_onset_to_first_toci = 1;
    e.hours_onset_to_first_toci = 26.25;
    e.days = {1, 2, 3, 4, 5, 6, 7};
    d.episodes.push_back(e);
    return d;
}

}  // namespace

TEST_CASE("days codec: rows and episodes round-trip exactly") {
    const auto want = sample();
    const std::string bytes = encode_days(want.days, want.episodes);
    PatientGrades got;
    got.patient_id = "P1";
    REQUIRE(decode_days(bytes, got));
    CHECK(diff_grades(got, want) == "");
    // Negative zero keeps its sign (it is not written as tenths).
    REQUIRE(got.days[4].tmax_c);
    CHECK(std::signbit(*got.days[4].tmax_c));
    // Decoding into a used object replaces its rows and episodes.
    PatientGrades reused = got;
    reused.days.resize(40);
    reused.episodes.resize(3);
    REQUIRE(decode_days(bytes, reused));
    CHECK(diff_grades(reused, want) == "");
}

TEST_CASE("days codec: every truncation and a wrong version decode as malformed") {
    const auto want = sample();
    const std::string bytes = encode_days(want.days, want.episodes);
    for (size_t n = 0; n < bytes.size(); ++n) {
        PatientGrades got;
        INFO("first " << n << " bytes");
        CHECK_FALSE(decode_days(std::string_view(bytes).substr(0, n), got));
    }
    PatientGrades got;
    CHECK_FALSE(decode_days(bytes + "x", got));
    std::string other = bytes;
    other[0] = static_cast<char>(kDaysCodecVersion + 1);
    CHECK_FALSE(decode_days(other, got));
}

TEST_CASE("days codec: the header keeps seq, definition and sorted ids") {
    const std::string bytes = encode_days_header(42, "ASTCT", {"P1", "P2", "P3"});
    const auto full = decode_days_header(bytes);
    REQUIRE(full.has_value());
    CHECK(full->seq == 42);
    CHECK(full->definition == "ASTCT");
    CHECK(full->patient_ids == std::vector<std::string>{"P1", "P2", "P3"});
    const auto brief = decode_days_header(bytes, false);
    REQUIRE(brief.has_value());
    CHECK(brief->patient_ids.empty());
    for (size_t n = 0; n < bytes.size(); ++n)
        CHECK_FALSE(decode_days_header(std::string_view(bytes).substr(0, n)).has_value());
}
