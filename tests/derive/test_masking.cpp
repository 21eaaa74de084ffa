// Masking by tocilizumab/corticosteroids inside an episode (docs/DERIVATIONS.md §6). Strings:
// days 0..28.
#include <catch2/catch.hpp>

#include "timeline_builder.h"

using dayzero::derive::CrsDefinition;
using dayzero::derive::derive_patient;
using namespace dayzero::derive::testing;

TEST_CASE("toci, then fever gone but high-flow oxygen continuing: masked grade 3",
          "[derive][masking]") {
    TimelineBuilder b;
    b.temp(4, "10:00", 38.9).oxygen(4, "14:00", "high_flow_nc", 30.0);
    b.dose(4, "16:00", "tocilizumab", 640.0);
    const auto toci_seq = b.last_seq();
    for (int day = 5; day <= 8; ++day)
        b.temp(day, "10:00", 37.1);
    b.oxygen(8, "09:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00003333300000000000000000000");
    CHECK(masked_string(d) == "....MMMMM....................");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].onset_day == 4);
    CHECK(d.episodes[0].end_day == 8);
    CHECK(d.episodes[0].masked_from_day == 4);
    CHECK(d.episodes[0].max_grade == 3);
    REQUIRE(d.days[6].why.masking.has_value());
    CHECK(d.days[6].why.masking->seq == toci_seq);
    CHECK(d.days[6].why.masking->code == "tocilizumab");
    CHECK_FALSE(d.days[6].why.fever.has_value());
    // The one-line rendering names the observations by seq for the auditor.
    CHECK(d.days[4].why.describe() ==
          "tmax: seq 1 day 4 10:00 38.9; hypoxia: seq 2 day 4 14:00 "
          "high_flow_nc 30; masked by: seq 3 day 4 16:00 tocilizumab 640");

    SECTION("without a masking drug the same chart is grade 3 on day 4 only") {
        CrsDefinition def;
        def.masking_drugs.clear();
        const auto unmasked = derive_patient("P1", b.events(), def);
        CHECK(grade_string(unmasked) == "00003000000000000000000000000");
        CHECK(masked_string(unmasked) == ".............................");
    }
}

TEST_CASE("dexamethasone premedication before any fever does not mask", "[derive][masking]") {
    TimelineBuilder b;
    b.dose(0, "08:00", "dexamethasone", 10.0);
    b.oxygen(0, "09:00", "low_flow_nc", 2.0);
    b.temp(3, "12:00", 38.4);
    b.oxygen(5, "09:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "22222200000000000000000000000");
    CHECK(grade_string(d) == "00020000000000000000000000000");
    CHECK(masked_string(d) == ".............................");
    REQUIRE(d.episodes.size() == 1);
    CHECK_FALSE(d.episodes[0].masked_from_day.has_value());
    CHECK(d.episodes[0].steroid_doses == 0);  // given before onset
    CHECK(d.measures.steroid_doses == 1);
}

TEST_CASE("a dose earlier on the onset day than the fever still masks", "[derive][masking]") {
    TimelineBuilder b;
    b.dose(3, "07:00", "methylprednisolone", 100.0);
    b.temp(3, "20:00", 38.2).oxygen(3, "21:00", "facemask");
    b.temp(4, "20:00", 37.0);
    b.oxygen(5, "10:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00033300000000000000000000000");
    CHECK(d.episodes.at(0).masked_from_day == 3);
    CHECK(d.episodes.at(0).steroid_doses == 1);
}

TEST_CASE("masking never carries into a later episode", "[derive][masking]") {
    TimelineBuilder b;
    b.temp(2, "10:00", 38.5).dose(2, "12:00", "tocilizumab", 560.0);
    b.temp(10, "10:00", 38.5).oxygen(10, "11:00", "low_flow_nc", 3.0);
    b.temp(11, "10:00", 37.0);
    b.oxygen(13, "10:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00100000002000000000000000000");
    CHECK(hypoxia_string(d) == "00000000002222000000000000000");
    REQUIRE(d.episodes.size() == 2);
    CHECK(d.episodes[0].masked_from_day == 2);
    CHECK_FALSE(d.episodes[1].masked_from_day.has_value());
    CHECK(d.episodes[0].toci_doses == 1);
    CHECK(d.episodes[1].toci_doses == 0);
}

TEST_CASE("a treatment day in the middle of an episode masks from that day on",
          "[derive][masking]") {
    TimelineBuilder b;
    b.temp(5, "10:00", 38.5).oxygen(5, "11:00", "low_flow_nc", 4.0);
    b.temp(6, "10:00", 37.5);  // afebrile, not yet masked: grade 0
    b.temp(7, "10:00", 38.1).dose(7, "", "tocilizumab", 600.0);
    b.temp(8, "10:00", 37.0);  // masked: low-flow O2 keeps grade 2
    b.oxygen(9, "15:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00000202220000000000000000000");
    CHECK(masked_string(d) == ".......MMM...................");
    CHECK(d.episodes.at(0).days == std::vector<int>{5, 6, 7, 8, 9});
}

TEST_CASE("a dose on the first negative day after the end still belongs to the episode",
          "[derive][masking]") {
    TimelineBuilder b;
    b.temp(3, "10:00", 38.5);
    b.dose(4, "09:00", "dexamethasone", 10.0);  // day 4 is negative: masked, nothing to grade
    b.dose(5, "09:00", "dexamethasone", 10.0);  // the second negative day: not the episode's
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00010000000000000000000000000");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].end_day == 3);
    CHECK(d.episodes[0].steroid_doses == 1);
    REQUIRE(d.episodes[0].steroids.size() == 1);
    CHECK(d.episodes[0].steroids[0].day == 4);
    CHECK(d.episodes[0].steroids[0].mg == 10.0);
    CHECK_FALSE(d.days[4].masked);  // outside the episode's days
}

TEST_CASE("a treatment first given on a closing negative day does not mask the episode",
          "[derive][masking]") {
    // The episode is day 2 alone; days 3 and 4 close it. A dose on day 4 (outside the episode and
    // beyond its doses' day end + 1) or on day 3 (end + 1: one of its doses) masks none of its
    // days.
    for (const int dose_day : {3, 4}) {
        TimelineBuilder b;
        for (int day = 0; day <= 5; ++day)
            b.temp(day, "09:00", day == 2 ? 38.5 : 37.0);
        b.dose(dose_day, "10:00", "tocilizumab", 600.0);
        const auto d = derive_patient("P1", b.events());
        CHECK(grade_string(d) == "00100000000000000000000000000");
        CHECK(masked_string(d) == ".............................");
        REQUIRE(d.episodes.size() == 1);
        CHECK(d.episodes[0].end_day == 2);
        CHECK_FALSE(d.episodes[0].masked_from_day.has_value());
        CHECK(d.episodes[0].toci_doses == (dose_day == 3 ? 1 : 0));
    }
}
