#include "text/edit_distance.h"

#include <catch2/catch.hpp>

using namespace dayzero::text;

TEST_CASE("text: edit_distance counts insertions, deletions and substitutions") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance(".tabels", ".tables") == 2);
    CHECK(edit_distance("grades", "grades") == 0);
}

TEST_CASE("text: edit_distance is case-sensitive unless told to ignore ASCII case") {
    CHECK(edit_distance(".HELP", ".help") == 4);
    CHECK(edit_distance(".HELP", ".help", LetterCase::kIgnored) == 0);
    CHECK(edit_distance("Max_Grade", "max_grad", LetterCase::kIgnored) == 1);
}
