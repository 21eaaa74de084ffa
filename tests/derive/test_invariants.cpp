// Properties that must hold for any timeline: checked over many random charts (fixed seed).
#include <catch2/catch.hpp>

#include <random>

#include "timeline_builder.h"

using dayzero::derive::derive_patient;
using dayzero::derive::PatientDerivation;
using namespace dayzero::derive::testing;

namespace {

// A random chart mixing every kind the grading reads, timed and untimed, days -3..32.
std::vector<dayzero::store::Event> random_chart(std::mt19937& rng) {
    auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    static const char* kDevices[] = {"room_air", "low_flow_nc", "high_flow_nc", "bipap", "blow_by"};
    static const char* kPressors[] = {"norepinephrine", "epinephrine", "vasopressin", "dopamine"};
    static const char* kDrugs[] = {"tocilizumab", "dexamethasone", "gcsf"};
    static const char* kTimes[] = {"", "00:00", "06:30", "12:00", "23:59"};
    TimelineBuilder b;
    const int count = pick(0, 120);
    for (int i = 0; i < count; ++i) {
        const int day = pick(-3, 32);
        const char* time = kTimes[pick(0, 4)];
        switch (pick(0, 6)) {
            case 0:
            case 1:
                b.temp(day, time, 36.5 + pick(0, 30) / 10.0);
                break;
            case 2:
                b.oxygen(day, time, kDevices[pick(0, 4)], pick(0, 10));
                break;
            case 3:
                b.pressor_start(day, time, kPressors[pick(0, 3)]);
                break;
            case 4:
                b.pressor_stop(day, time, kPressors[pick(0, 3)]);
                break;
            case 5:
                b.dose(day, time, kDrugs[pick(0, 2)], pick(1, 800));
                break;
            default:
                if (pick(0, 9) == 0)
                    b.death(day, pick(0, 1) ? "crs" : "other");
                else
                    b.fluids(day);
                break;
        }
    }
    return b.events();
}

void check_invariants(const PatientDerivation& d) {
    int positive_in_episodes = 0;
    int last_end = -1000;
    for (const auto& e : d.episodes) {
        REQUIRE(e.onset_day > last_end);
        REQUIRE(e.end_day >= e.onset_day);
        REQUIRE(e.duration == e.end_day - e.onset_day + 1);
        REQUIRE(static_cast<int>(e.days.size()) == e.duration);
        REQUIRE(e.max_grade >= 1);
        last_end = e.end_day;
        positive_in_episodes += e.positive_days;
    }
    int positive_days = 0;
    for (size_t i = 0; i < d.days.size(); ++i) {
        const auto& row = d.days[i];
        REQUIRE(row.grade >= 0);
        REQUIRE(row.grade <= 5);
        if (i > 0) REQUIRE(row.day == d.days[i - 1].day + 1);
        if (row.grade >= 1) {
            ++positive_days;
            REQUIRE(row.in_episode);  // every CRS-positive day lies inside an episode
        }
        if (row.masked) REQUIRE(row.in_episode);
        if (row.fever) REQUIRE(row.grade >= 1);
        if (row.grade == 5) REQUIRE(row.crs_death);
        if (row.in_episode) {
            const auto& e = d.episodes.at(static_cast<size_t>(row.episode - 1));
            REQUIRE(row.day >= e.onset_day);
            REQUIRE(row.day <= e.end_day);
        }
    }
    REQUIRE(positive_days == positive_in_episodes);
    REQUIRE(d.measures.crs_positive_days == positive_days);
}

}  // namespace

TEST_CASE("random charts: grades, episodes and flags stay consistent", "[derive][invariants]") {
    std::mt19937 rng(20261123);
    for (int patient = 0; patient < 400; ++patient) {
        const auto chart = random_chart(rng);
        INFO("patient " << patient << " with " << chart.size() << " events");
        check_invariants(derive_patient("R", chart));
    }
}
