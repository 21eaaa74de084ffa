#pragma once
// Text helpers of the import decoders: numbers, clock times, UTF-8 (trimming and case: text/).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "text/clock_time.h"

#include "text/ascii.h"

namespace dayzero::importers {

// Trimming and ASCII case are text/'s (one copy for every layer); the decoders call them by these
// names, many times per row.
using text::iequals;
using text::to_lower;
using text::to_upper;
using text::trim;

// Parses a whole trimmed field as a finite decimal number ("099.9", "-3", "1e3"); nullopt if
// anything else is present.
std::optional<double> parse_number(std::string_view text);

// parse_number_as_written's reading: the number into `value`; false when `text` is not one.
bool read_number_as_written(std::string_view text, double& value, bool& prints_as_is);

// parse_number(text), and whether prints_as(trim(text), number) holds when it parses, in one
// reading of the usual plain decimal (exact for every other form too). Inline over the reading,
// as parse_clock is (text/clock_time.h): the decoders call it on every row.
inline std::optional<double> parse_number_as_written(std::string_view text, bool& prints_as_is) {
    double value = 0;
    if (!read_number_as_written(text, value, prints_as_is)) return std::nullopt;
    return value;
}

// True when `text` is written as a number but no double holds it (1e-400, 1e400).
bool number_out_of_range(std::string_view text);

// parse_integer's reading: the integer into `value`; false when `text` is not one.
bool read_integer(std::string_view text, int64_t& value);

// Parses a whole trimmed field as an integer; nullopt otherwise. Inline over the reading, as
// parse_clock is (text/clock_time.h).
inline std::optional<int64_t> parse_integer(std::string_view text) {
    int64_t value = 0;
    if (!read_integer(text, value)) return std::nullopt;
    return value;
}

// Clock times are read by the one rule every input shares (text/clock_time.h).
using text::parse_clock;

// True if `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Copy of `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

// `text` cut to at most `limit` bytes (with "..." appended when cut), made valid UTF-8 and with
// control characters written as escapes (\n, \x00), for showing an offending value in a message.
std::string display_value(std::string_view text, size_t limit = 60);

// Formats a number the shortest way that reads back exactly (no trailing zeros).
std::string format_number(double value);

// True when format_number(number) == text, for `number` parsed from `text`; quick for plain
// decimals such as "37.5" or "-12" (no formatting), exact for everything else.
bool prints_as(std::string_view text, double number);

}  // namespace dayzero::importers
