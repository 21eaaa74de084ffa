#pragma once
// ISO 8601 dates as SDTM writes them (--DTC variables): full, with or without a time, or partial.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dayzero::importers {

struct IsoDateTime {
    int64_t days = 0;                // days since 1970-01-01 (valid only when !partial)
    std::optional<uint16_t> minute;  // clock time when the value had one
    bool partial = false;            // "2021", "2021-03" or "2021---15": no exact day
    std::optional<int16_t> offset;   // minutes east of UTC when a "Z" or ±hh:mm was written
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS[.fff]" with an optional
// trailing "Z" or ±hh[:mm] offset (kept in `offset`; the date and clock are as written, local)
// and partial dates ("YYYY", "YYYY-MM"). nullopt when the text is not an ISO 8601 date; `error`
// says why.
std::optional<IsoDateTime> parse_iso_datetime(std::string_view text, std::string& error);

// "+01:00", "-05:30" or "Z" (for "+00:00") for an offset in minutes.
std::string offset_text(int16_t offset);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

}  // namespace dayzero::importers
