#include "text/shortest_number.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <catch2/catch.hpp>

namespace {

std::string quick(double v) {
    char buf[64];
    return {buf, dayzero::text::shortest_chars(buf, buf + sizeof buf, v)};
}

std::string reference(double v) {
    char buf[64];
    return {buf, std::to_chars(buf, buf + sizeof buf, v).ptr};
}

}  // namespace

TEST_CASE("text: shortest_chars writes what std::to_chars writes, for every tenth under 10,000") {
    size_t differ = 0;
    for (long long n = -100000; n <= 100000; ++n) {
        const double v = static_cast<double>(n) / 10.0;
        // The tenth itself, and its neighbours, which are not tenths and take the general path.
        for (double x : {v, std::nextafter(v, 1e9), std::nextafter(v, -1e9)})
            differ += quick(x) != reference(x);
    }
    CHECK(differ == 0);
    CHECK(quick(38.5) == "38.5");
    CHECK(quick(-0.5) == "-0.5");
    CHECK(quick(120.0) == "120");
    CHECK(quick(0.3) == "0.3");
}

TEST_CASE("text: shortest_chars writes what std::to_chars writes, for any other double") {
    CHECK(quick(0.0) == "0");
    CHECK(quick(-0.0) == "-0");
    CHECK(quick(10000.0) == reference(10000.0));
    CHECK(quick(100000.0) == "1e+05");
    CHECK(quick(0.05) == "0.05");
    CHECK(quick(37.25) == "37.25");
    CHECK(quick(std::numeric_limits<double>::max()) ==
          reference(std::numeric_limits<double>::max()));
    CHECK(quick(std::numeric_limits<double>::denorm_min()) ==
          reference(std::numeric_limits<double>::denorm_min()));
    std::mt19937_64 random(2026);
    std::uniform_real_distribution<double> readings(-20000.0, 20000.0);
    size_t differ = 0;
    for (int i = 0; i < 200000; ++i) {
        const double v = readings(random);
        // Raw doubles, and the same rounded to two and to one decimal as an export would hold.
        for (double x : {v, std::round(v * 100.0) / 100.0, std::round(v * 10.0) / 10.0})
            differ += quick(x) != reference(x);
    }
    CHECK(differ == 0);
}
