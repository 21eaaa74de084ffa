#include "text/hex.h"

#include <array>

#include <catch2/catch.hpp>

TEST_CASE("text: to_hex writes two lower-case digits per byte") {
    const std::array<unsigned char, 4> bytes{0x00, 0x0f, 0xa5, 0xff};
    CHECK(dayzero::text::to_hex(bytes) == "000fa5ff");
    CHECK(dayzero::text::to_hex({}) == "");
}
