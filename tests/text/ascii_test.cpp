#include "text/ascii.h"

#include <catch2/catch.hpp>

using namespace dayzero::text;

TEST_CASE("text: to_lower and to_upper change ASCII letters only") {
    CHECK(to_lower("CRS Grade_3") == "crs grade_3");
    CHECK(to_upper("mg/kg iv") == "MG/KG IV");
    CHECK(to_lower("") == "");
    // UTF-8 bytes (here "É") pass through untouched, whatever the locale.
    CHECK(to_lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");
    CHECK(to_lower('Q') == 'q');
    CHECK(to_upper('[') == '[');
}

TEST_CASE("text: iequals ignores ASCII case and nothing else") {
    CHECK(iequals("Dexamethasone", "DEXAMETHASONE"));
    CHECK(iequals("", ""));
    CHECK_FALSE(iequals("abc", "abcd"));
    CHECK_FALSE(iequals("a b", "a_b"));
    CHECK_FALSE(iequals("\xC3\xA9", "\xC3\x89"));  // é and É: not ASCII letters
    CHECK_FALSE(iequals("@", "`"));                // one apart from 'A'/'a' but not letters
}

TEST_CASE("text: istarts_with compares the prefix ignoring ASCII case") {
    CHECK(istarts_with("Tocilizumab", "toci"));
    CHECK(istarts_with("events", ""));
    CHECK_FALSE(istarts_with("ev", "events"));
    CHECK_FALSE(istarts_with("grades", "gx"));
}

TEST_CASE("text: trim drops spaces and tabs at both ends only") {
    CHECK(trim("  37.5\t") == "37.5");
    CHECK(trim("a b") == "a b");
    CHECK(trim(" \t ") == "");
    CHECK(trim("") == "");
    CHECK(trim("\nx\r") == "\nx\r");  // line ends are data, not padding
}
