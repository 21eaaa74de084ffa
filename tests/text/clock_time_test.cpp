// The one clock-time rule shared by imports and corrections.
#include <catch2/catch.hpp>

#include "text/clock_time.h"

using dayzero::text::parse_clock;

TEST_CASE("text: a clock time is HH:MM, H:MM or either with seconds, within a day") {
    CHECK(parse_clock("00:00") == 0);
    CHECK(parse_clock("23:59") == 23 * 60 + 59);
    CHECK(parse_clock("8:30") == 8 * 60 + 30);
    CHECK(parse_clock("\t08:30:59 ") == 8 * 60 + 30);  // seconds dropped, blanks ignored
    for (const char* bad : {"24:00", "12:60", "12:30:60", "1230", "12-30", "", "12:3", "12:30x",
                            "-1:30", "+1:30", "1:2:3", "99:99"}) {
        INFO(bad);
        CHECK_FALSE(parse_clock(bad));
    }
}
