// Text helpers on the per-row hot path: the quick answers must equal the slow, exact ones.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>

#include "importers/text_util.h"

using namespace dayzero::importers;

TEST_CASE("text: prints_as agrees with format_number on plain and odd decimals") {
    const char* fixed[] = {"37.5",
                           "-12",
                           "0.5",
                           "100",
                           "1500",
                           "0.0001",
                           "0.001",
                           "123456",
                           "1000000",
                           "1e3",
                           "099.9",
                           "+5",
                           "5.",
                           ".5",
                           "0.10",
                           "-0",
                           "0",
                           "0.000",
                           "12345678901234567",
                           "0.1000000000000000055511151231257827",
                           "100000",
                           "10000",
                           "-0.00012",
                           "3.14159265358979",
                           "1e+06"};
    for (const char* text : fixed) {
        auto number = parse_number(text);
        REQUIRE(number.has_value());
        INFO(text);
        CHECK(prints_as(text, *number) == (format_number(*number) == text));
    }
    std::mt19937_64 random(2026);
    auto digit = [&] { return static_cast<char>('0' + random() % 10); };
    for (int i = 0; i < 200000; ++i) {
        std::string text;
        if (random() % 4 == 0) text += '-';
        const size_t whole = 1 + random() % 9;
        for (size_t k = 0; k < whole; ++k)
            text += (k == 0 && random() % 3 == 0) ? '0' : digit();
        if (random() % 2 == 0) {
            text += '.';
            const size_t fraction = 1 + random() % 9;
            for (size_t k = 0; k < fraction; ++k)
                text += random() % 3 == 0 ? '0' : digit();
        }
        auto number = parse_number(text);
        REQUIRE(number.has_value());
        INFO(text);
        REQUIRE(prints_as(text, *number) == (format_number(*number) == text));
    }
}

TEST_CASE("text: one leading plus is a sign; a sign after it is no number") {
    CHECK(parse_number("+38.5") == 38.5);
    CHECK(parse_integer("+3") == 3);
    for (const char* text : {"+-38.5", "++38.5", "+", " + "})
        CHECK_FALSE(parse_number(text));
    for (const char* text : {"+-3", "++3", "+"})
        CHECK_FALSE(parse_integer(text));
    CHECK(parse_integer("-3") == -3);
}

TEST_CASE("text: a number out of a double's range is told from no number") {
    for (const char* text : {"1e-400", "1e400", "+1e400", "-1e-999"}) {
        INFO(text);
        CHECK_FALSE(parse_number(text));
        CHECK(number_out_of_range(text));
    }
    for (const char* text : {"abc", "1e", "38.5", "", "+-1e400"})
        CHECK_FALSE(number_out_of_range(text));
}

TEST_CASE("text: clock times with one- and two-digit hours, seconds dropped") {
    CHECK(parse_clock("08:30") == 8 * 60 + 30);
    CHECK(parse_clock("8:30") == 8 * 60 + 30);
    CHECK(parse_clock(" 23:59:59 ") == 23 * 60 + 59);
    CHECK(parse_clock("9:05:00") == 9 * 60 + 5);
    CHECK_FALSE(parse_clock("24:00"));
    CHECK_FALSE(parse_clock("12:60"));
    CHECK_FALSE(parse_clock("12:30:60"));
    CHECK_FALSE(parse_clock("1230"));
    CHECK_FALSE(parse_clock("12-30"));
    CHECK_FALSE(parse_clock(""));
}

TEST_CASE("text: UTF-8 check with the ASCII fast path") {
    CHECK(is_valid_utf8("P001"));
    CHECK(is_valid_utf8("on ward, stable \xC2\xB0"));
    CHECK_FALSE(is_valid_utf8("P00\xFF"));
    CHECK_FALSE(is_valid_utf8("abc\xC2"));
    CHECK(is_valid_utf8(""));
}

TEST_CASE("text: parse_number gives from_chars's double, bit for bit, on every decimal form") {
    // The quick path for plain decimals must round exactly as from_chars does; the odd forms must
    // keep their old answers (accepted or not).
    auto reference = [](std::string text) -> std::optional<double> {
        if (!text.empty() && text.front() == '+') {
            text.erase(0, 1);
            if (!text.empty() && (text.front() == '-' || text.front() == '+')) return std::nullopt;
        }
        double value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
            !std::isfinite(value)) {
            return std::nullopt;
        }
        return value;
    };
    auto same = [](std::optional<double> a, std::optional<double> b) {
        if (a.has_value() != b.has_value()) return false;
        return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;  // -0 and +0 differ
    };
    const char* fixed[] = {"37.5",
                           "-12",
                           "0",
                           "-0",
                           "-0.0",
                           "099.9",
                           "+5",
                           "5.",
                           ".5",
                           "-.5",
                           "1e3",
                           "1.5e-3",
                           "0.1",
                           "0.3",
                           "2.675",
                           "999999999999999",
                           "9999999999999999",
                           "0.000000000000001",
                           "123456789012.345",
                           "1.7976931348623157",
                           "-",
                           "+",
                           ".",
                           "1.2.3",
                           "1,5",
                           "--1",
                           "+-1",
                           "12a",
                           "0x10",
                           "inf",
                           "nan",
                           "1e400"};
    for (const char* text : fixed) {
        INFO(text);
        CHECK(same(parse_number(text), reference(text)));
    }
    std::mt19937_64 random(11);
    for (int i = 0; i < 300000; ++i) {
        std::string text;
        if (random() % 4 == 0) text += '-';
        const size_t whole = 1 + random() % 12;
        for (size_t k = 0; k < whole; ++k)
            text += static_cast<char>('0' + random() % 10);
        if (random() % 3 != 0) {
            text += '.';
            const size_t fraction = 1 + random() % 10;
            for (size_t k = 0; k < fraction; ++k)
                text += static_cast<char>('0' + random() % 10);
        }
        INFO(text);
        REQUIRE(same(parse_number(text), reference(text)));
    }
}

TEST_CASE("text: parse_integer gives from_chars's answer on every integer form") {
    auto reference = [](std::string text) -> std::optional<int64_t> {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.erase(0, 1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
            text.pop_back();
        if (!text.empty() && text.front() == '+') {
            text.erase(0, 1);
            if (!text.empty() && (text.front() == '-' || text.front() == '+')) return std::nullopt;
        }
        int64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
            return std::nullopt;
        }
        return value;
    };
    const char* fixed[] = {"0",
                           "-0",
                           "7",
                           "-30",
                           "+3650",
                           " 12 ",
                           "007",
                           "-",
                           "+",
                           "",
                           "1.0",
                           "1e3",
                           "--1",
                           "+-1",
                           "-+1",
                           "12a",
                           "999999999999999999",
                           "-999999999999999999",
                           "9223372036854775807",
                           "-9223372036854775808",
                           "9223372036854775808",
                           "-9223372036854775809",
                           "99999999999999999999"};
    for (const char* text : fixed) {
        INFO(text);
        CHECK(parse_integer(text) == reference(text));
    }
    std::mt19937_64 random(5);
    const std::string alphabet = "0123456789-+ .";
    for (int i = 0; i < 200000; ++i) {
        std::string text;
        const size_t length = 1 + random() % 21;
        for (size_t k = 0; k < length; ++k)
            text += random() % 8 == 0 ? alphabet[random() % alphabet.size()]
                                      : static_cast<char>('0' + random() % 10);
        INFO(text);
        REQUIRE(parse_integer(text) == reference(text));
    }
}

TEST_CASE("text: a shown value keeps to one line, its control characters escaped") {
    CHECK(display_value("P1\n") == "P1\\n");
    CHECK(display_value(std::string("P\0"
                                    "1\r\t",
                                    5)) == "P\\x001\\r\\t");
    CHECK(display_value(std::string(70, 'x')) == std::string(60, 'x') + "...");
    CHECK(display_value("caf\xC3\xA9") == "caf\xC3\xA9");
}
