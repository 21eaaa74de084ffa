// Hypotension levels: vasopressors as running intervals, simultaneity for grade 4, fluids.
// Each case has fever on days 3–6 so the daily grade shows the level; strings list days 0..28.
#include <catch2/catch.hpp>

#include "timeline_builder.h"

using dayzero::derive::derive_patient;
using namespace dayzero::derive::testing;

namespace {

TimelineBuilder febrile_days_3_to_6() {
    return std::move(TimelineBuilder().temps(3, 6, 38.7));
}

}  // namespace

TEST_CASE("vasopressin alone is grade 3", "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(4, "10:00", "vasopressin").pressor_stop(5, "09:00", "vasopressin");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00003300000000000000000000000");
    CHECK(grade_string(d) == "00013310000000000000000000000");
}

TEST_CASE("two vasopressors, one of them vasopressin, is grade 3 not 4", "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(4, "10:00", "norepinephrine").pressor_start(4, "12:00", "vasopressin");
    b.pressor_stop(5, "20:00", "vasopressin").pressor_stop(5, "21:00", "norepinephrine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00003300000000000000000000000");
    CHECK(grade_string(d) == "00013310000000000000000000000");
}

TEST_CASE("norepinephrine and epinephrine overlapping for one hour is grade 4",
          "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(4, "10:00", "norepinephrine");
    const auto norepi_seq = b.last_seq();
    b.pressor_start(5, "08:00", "epinephrine");
    const auto epi_seq = b.last_seq();
    b.pressor_stop(5, "09:00", "norepinephrine").pressor_stop(6, "12:00", "epinephrine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00003430000000000000000000000");
    CHECK(grade_string(d) == "00013430000000000000000000000");
    REQUIRE(d.days[5].why.hypotension.size() == 2);
    CHECK(d.days[5].why.hypotension[0].seq == norepi_seq);
    CHECK(d.days[5].why.hypotension[1].seq == epi_seq);
    CHECK(d.days[5].why.hypotension[1].code == "epinephrine");
}

TEST_CASE("a switch from norepinephrine to epinephrine without overlap is grade 3",
          "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(4, "10:00", "norepinephrine");
    SECTION("stop and start at the same minute, start recorded first") {
        b.pressor_start(5, "08:00", "epinephrine").pressor_stop(5, "08:00", "norepinephrine");
    }
    SECTION("stop at 08:00, start at 08:30") {
        b.pressor_stop(5, "08:00", "norepinephrine").pressor_start(5, "08:30", "epinephrine");
    }
    b.pressor_stop(6, "12:00", "epinephrine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00003330000000000000000000000");
    CHECK(grade_string(d) == "00013330000000000000000000000");
}

TEST_CASE("untimed vasopressor records: recorded order decides between switch and overlap",
          "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(4, "", "norepinephrine");
    SECTION("stop recorded before the other start: a switch") {
        b.pressor_stop(5, "", "norepinephrine").pressor_start(5, "", "dopamine");
        const auto d = derive_patient("P1", b.events());
        CHECK(hypotension_string(d) == "00003333333333333333333333333");
    }
    SECTION("start recorded before the stop: both ran together on day 5") {
        b.pressor_start(5, "", "dopamine").pressor_stop(5, "", "norepinephrine");
        const auto d = derive_patient("P1", b.events());
        CHECK(hypotension_string(d) == "00003433333333333333333333333");
    }
}

TEST_CASE("a vasopressor stopped at exactly 00:00 did not run that day", "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(3, "22:00", "phenylephrine").pressor_stop(5, "00:00", "phenylephrine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00033000000000000000000000000");
}

TEST_CASE("a vasopressor without a stop runs to the end of the window", "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(6, "23:00", "dopamine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00000033333333333333333333333");
    // Day 7 on: no fever and no masking, so the running pressor does not grade.
    CHECK(grade_string(d) == "00011130000000000000000000000");
}

TEST_CASE("hypotension treated with fluids only is level 2", "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.fluids(4);
    b.fluids(5)
        .pressor_start(5, "14:00", "norepinephrine")
        .pressor_stop(5, "18:00", "norepinephrine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00002300000000000000000000000");
    CHECK(grade_string(d) == "00012310000000000000000000000");
    REQUIRE(d.days[4].why.hypotension.size() == 1);
    CHECK(d.days[4].why.hypotension[0].seq == 5);
}

TEST_CASE("drug names match case-insensitively", "[derive][hypotension]") {
    auto b = febrile_days_3_to_6();
    b.pressor_start(4, "10:00", "Norepinephrine").pressor_start(4, "11:00", "EPINEPHRINE");
    b.pressor_stop(4, "12:00", "norepinephrine").pressor_stop(4, "13:00", "epinephrine");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypotension_string(d) == "00004000000000000000000000000");
}
