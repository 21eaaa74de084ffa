#pragma once
// Reading a clock time of day into minutes after midnight.

#include <cstdint>
#include <optional>
#include <string_view>

namespace dayzero::text {

// parse_clock's reading: the minute of day into `minute`; false for anything else.
bool read_clock(std::string_view text, uint16_t& minute);

// Parses "HH:MM", "H:MM", "HH:MM:SS" or "H:MM:SS" (seconds dropped; spaces and tabs around are
// ignored) into a minute of day, 0..1439; nullopt for anything else (24:00 and 12:60 included).
// Defined here, over read_clock, so that the caller keeps the result in registers: an optional
// returned from another file goes through the stack, and reading it back stalls the processor
// (one byte stored, eight loaded), which the importers paid on every row.
inline std::optional<uint16_t> parse_clock(std::string_view text) {
    uint16_t minute = 0;
    if (!read_clock(text, minute)) return std::nullopt;
    return minute;
}

}  // namespace dayzero::text
