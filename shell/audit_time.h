#pragma once
// Instants in audit files: UTC microseconds <-> ISO 8601 text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dayzero::shell::audit {

// "2026-11-23T18:30:05.123456Z": always UTC, always six fractional digits (lossless).
std::string format_instant(int64_t utc_us);

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "...:SS" and "...:SS.ffffff", optionally ending in
// "Z" (UTC is assumed either way), as a statement's `as of` does (query::parse_instant_us);
// nullopt when malformed or not a real date and time. A date alone means its last microsecond
// when `end_of_day`, else midnight.
std::optional<int64_t> parse_instant(std::string_view text, bool end_of_day = false);

}  // namespace dayzero::shell::audit
