#include "text/csv_field.h"

#include <catch2/catch.hpp>

using namespace dayzero::text;

TEST_CASE("text: csv_field quotes only what a CSV reader would misread") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("") == "");
    CHECK(csv_field(" padded ") == " padded ");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\r") == "\"cr\r\"");
}

TEST_CASE("text: csv_quoted always quotes and doubles inner quotes") {
    CHECK(csv_quoted("") == "\"\"");
    CHECK(csv_quoted(" x ") == "\" x \"");
    CHECK(csv_quoted("\"") == "\"\"\"\"");
    CHECK_FALSE(csv_needs_quotes("a b;c"));
    CHECK(csv_needs_quotes("\""));
}
