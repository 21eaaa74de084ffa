// Hypoxia levels: oxygen settings as states carried across days, device and flow levels.
// Strings list days 0..28.
#include <catch2/catch.hpp>

#include "timeline_builder.h"

using dayzero::derive::CrsDefinition;
using dayzero::derive::derive_patient;
using namespace dayzero::derive::testing;

namespace {

TimelineBuilder febrile_days_3_to_6() {
    return std::move(TimelineBuilder().temps(3, 6, 38.7));
}

}  // namespace

TEST_CASE("oxygen started the day before and still running counts on the next day",
          "[derive][hypoxia]") {
    auto b = febrile_days_3_to_6();
    b.oxygen(3, "22:00", "high_flow_nc", 40.0);
    const auto started_seq = b.last_seq();
    b.oxygen(5, "09:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "00033300000000000000000000000");
    CHECK(grade_string(d) == "00033310000000000000000000000");
    REQUIRE(d.days[4].why.hypoxia.has_value());
    CHECK(d.days[4].why.hypoxia->seq == started_seq);
    CHECK(d.days[4].why.hypoxia->day == 3);
}

TEST_CASE("oxygen started before day 0 carries into the window", "[derive][hypoxia]") {
    TimelineBuilder b;
    b.oxygen(-2, "", "low_flow_nc", 2.0).oxygen(1, "12:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "22000000000000000000000000000");
}

TEST_CASE("low-flow nasal cannula: exactly 6 L/min is 2, 6.5 L/min is 3", "[derive][hypoxia]") {
    auto b = febrile_days_3_to_6();
    b.oxygen(3, "10:00", "low_flow_nc", 6.0);
    b.oxygen(4, "10:00", "low_flow_nc", 6.5);
    b.oxygen(5, "00:00", "low_flow_nc");  // no flow recorded: level 2
    b.oxygen(6, "00:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "00023200000000000000000000000");
    CHECK(grade_string(d) == "00023210000000000000000000000");

    SECTION("the low-flow limit is a parameter") {
        CrsDefinition def;
        def.low_flow_limit_l_min = 5.0;
        const auto changed = derive_patient("P1", b.events(), def);
        CHECK(hypoxia_string(changed) == "00033200000000000000000000000");
    }
}

TEST_CASE("device levels: positive pressure 4, high-flow and masks 3, blow-by 2",
          "[derive][hypoxia]") {
    TimelineBuilder b;
    const char* devices[] = {
        "room_air", "blow_by", "high_flow_nc",           "facemask", "non_rebreather", "venturi",
        "cpap",     "bipap",   "mechanical_ventilation", "BiPAP",    "unknown_device"};
    int day = 0;
    for (const char* device : devices)
        b.oxygen(day++, "00:00", device, 10.0);
    b.oxygen(day, "00:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "02333344442000000000000000000");
}

TEST_CASE("the most intensive setting of the day counts, even briefly", "[derive][hypoxia]") {
    auto b = febrile_days_3_to_6();
    b.oxygen(4, "08:00", "low_flow_nc", 2.0);
    b.oxygen(4, "13:00", "bipap");
    b.oxygen(4, "14:00", "facemask");
    b.oxygen(5, "07:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "00004300000000000000000000000");
    REQUIRE(d.days[4].why.hypoxia.has_value());
    CHECK(d.days[4].why.hypoxia->code == "bipap");
}

TEST_CASE("a setting replaced at 00:00 does not count for the new day", "[derive][hypoxia]") {
    auto b = febrile_days_3_to_6();
    b.oxygen(3, "18:00", "facemask");
    b.oxygen(4, "00:00", "low_flow_nc", 3.0);
    b.oxygen(4, "12:00", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "00032000000000000000000000000");
}

TEST_CASE("an untimed change keeps the carried setting for part of the day", "[derive][hypoxia]") {
    auto b = febrile_days_3_to_6();
    b.oxygen(3, "18:00", "facemask");
    b.oxygen(4, "", "room_air");
    const auto d = derive_patient("P1", b.events());
    CHECK(hypoxia_string(d) == "00033000000000000000000000000");
}
