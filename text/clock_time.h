#pragma once
// Reading a clock time of day into minutes after midnight.

#include <cstdint>
#include <optional>
#include <string_view>

namespace dayzero::text {

// Parses "HH:MM", "H:MM", "HH:MM:SS" or "H:MM:SS" (seconds dropped; spaces and tabs around are
// ignored) into a minute of day, 0..1439; nullopt for anything else (24:00 and 12:60 included).
std::optional<uint16_t> parse_clock(std::string_view text);

}  // namespace dayzero::text
