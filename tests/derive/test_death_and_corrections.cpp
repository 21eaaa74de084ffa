// Death (grade 5, window end), corrected charts and recording order. Strings: graded days.
#include <catch2/catch.hpp>

#include "timeline_builder.h"

using dayzero::derive::derive_patient;
using dayzero::derive::EpisodeEnd;
using dayzero::store::Correction;
using dayzero::store::Event;
using dayzero::store::EventKind;
using namespace dayzero::derive::testing;

TEST_CASE("death from CRS is grade 5 and the window ends that day", "[derive][death]") {
    TimelineBuilder b;
    b.temp(3, "10:00", 38.8).oxygen(3, "12:00", "facemask");
    b.dose(3, "14:00", "tocilizumab", 560.0);
    b.oxygen(6, "08:00", "mechanical_ventilation").pressor_start(6, "09:00", "norepinephrine");
    b.pressor_start(6, "10:00", "epinephrine");
    b.death(7, "crs");
    const auto death_seq = b.last_seq();
    b.temp(8, "10:00", 39.0);  // recorded after death by mistake: outside the window
    const auto d = derive_patient("P1", b.events());
    REQUIRE(d.days.size() == 8);
    CHECK(d.days.back().day == 7);
    CHECK(grade_string(d) == "00033345");
    CHECK(d.days[7].crs_death);
    REQUIRE(d.days[7].why.death.has_value());
    CHECK(d.days[7].why.death->seq == death_seq);
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].onset_day == 3);
    CHECK(d.episodes[0].end_day == 7);
    CHECK(d.episodes[0].max_grade == 5);
    CHECK(d.episodes[0].ended_by == EpisodeEnd::kDeath);
    CHECK(d.measures.max_grade == 5);
    CHECK(d.measures.os.days == 7);
    CHECK(d.measures.os.event);
    CHECK(d.measures.pfs.days == 7);
    CHECK(d.measures.death_cause == "crs");
}

TEST_CASE("a CRS death without fever that day opens its own episode", "[derive][death]") {
    TimelineBuilder b;
    b.temp(2, "10:00", 36.8).death(4, "CRS");
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "00005");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].onset_day == 4);
    CHECK(d.episodes[0].duration == 1);
}

TEST_CASE("a death from another cause ends the window without grade 5", "[derive][death]") {
    TimelineBuilder b;
    b.temp(10, "10:00", 38.3).death(12, "infection");
    const auto d = derive_patient("P1", b.events());
    CHECK(grade_string(d) == "0000000000100");
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].ended_by == EpisodeEnd::kGap);
    CHECK(d.measures.os.days == 12);
    CHECK(d.measures.os.event);
}

TEST_CASE("an amended temperature changes the grade", "[derive][corrections]") {
    TimelineBuilder b;
    b.temp(4, "10:00", 38.4);
    const auto febrile_seq = b.last_seq();
    b.oxygen(4, "11:00", "low_flow_nc", 2.0).oxygen(5, "11:00", "room_air");
    const auto before = derive_patient("P1", b.events());
    CHECK(grade_string(before) == "00002000000000000000000000000");

    Event amend;
    amend.kind = EventKind::kTemp;
    amend.day = 4;
    amend.minute = 600;
    amend.value = 37.4;  // transcription error: 37.4, not 38.4
    amend.correction = Correction::kAmend;
    amend.target_seq = febrile_seq;
    amend.reason = "transcription error";
    b.add(amend);
    const auto after = derive_patient("P1", apply_corrections(b.raw()));
    CHECK(grade_string(after) == "00000000000000000000000000000");
    CHECK(after.days[4].tmax_c == 37.4);
    CHECK(after.episodes.empty());
}

TEST_CASE("a retracted dose un-masks a day", "[derive][corrections]") {
    TimelineBuilder b;
    b.temp(4, "10:00", 38.9).oxygen(4, "14:00", "high_flow_nc", 30.0);
    b.dose(4, "16:00", "tocilizumab", 640.0);
    const auto toci_seq = b.last_seq();
    b.temp(5, "10:00", 37.0).oxygen(6, "09:00", "room_air");
    const auto before = derive_patient("P1", b.events());
    CHECK(grade_string(before) == "00003330000000000000000000000");

    Event retract;
    retract.kind = EventKind::kDose;
    retract.day = 4;
    retract.correction = Correction::kRetract;
    retract.target_seq = toci_seq;
    retract.reason = "dose recorded for the wrong patient";
    b.add(retract);
    const auto after = derive_patient("P1", apply_corrections(b.raw()));
    CHECK(grade_string(after) == "00003000000000000000000000000");
    CHECK(masked_string(after) == ".............................");
    CHECK(after.measures.toci_doses == 0);
}

TEST_CASE("a retraction event left in the input carries no observation", "[derive][corrections]") {
    TimelineBuilder b;
    b.temp(4, "10:00", 37.0);
    Event retract;
    retract.kind = EventKind::kTemp;
    retract.day = 4;
    retract.value = 39.5;
    retract.correction = Correction::kRetract;
    retract.target_seq = 1;
    retract.reason = "wrong patient";
    b.add(retract);
    const auto d = derive_patient("P1", b.raw());
    CHECK(d.days[4].tmax_c == 37.0);
    CHECK(d.episodes.empty());
}

TEST_CASE("events recorded out of order: timeline order is what counts", "[derive][order]") {
    // A late-entered chart: the seqs say day 6 was recorded first, but the timeline is by day.
    TimelineBuilder b;
    b.seq(40).temp(3, "09:00", 38.6);
    b.seq(12).oxygen(3, "10:00", "low_flow_nc", 8.0);
    b.seq(41).temp(4, "09:00", 37.2);
    b.seq(3).dose(4, "12:00", "tocilizumab", 600.0);
    b.seq(1).oxygen(6, "08:00", "room_air");
    b.seq(2).pressor_stop(6, "08:00", "norepinephrine");  // a stray stop: ignored
    const auto timeline = b.events();
    const auto d = derive_patient("P1", timeline);
    CHECK(grade_string(d) == "00033330000000000000000000000");
    CHECK(d.days[4].why.hypoxia->seq == 12);
    CHECK(d.days[4].why.masking->seq == 3);

    SECTION("an input vector not in timeline order gives the same answer") {
        auto shuffled = timeline;
        std::reverse(shuffled.begin(), shuffled.end());
        const auto again = derive_patient("P1", shuffled);
        CHECK(grade_string(again) == grade_string(d));
        CHECK(again.days[4].why.hypoxia->seq == 12);
    }
}

TEST_CASE("a custom window grades exactly its days", "[derive][window]") {
    dayzero::derive::CrsDefinition def;
    def.window_first_day = -2;
    def.window_last_day = 3;
    TimelineBuilder b;
    b.temp(-1, "", 38.2).temp(3, "", 38.0).temp(4, "", 39.0);
    const auto d = derive_patient("P1", b.events(), def);
    REQUIRE(d.days.size() == 6);
    CHECK(d.days.front().day == -2);
    CHECK(grade_string(d) == "010001");
    CHECK(d.episodes.size() == 2);
}
