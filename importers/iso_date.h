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
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS[.fff]" (an optional trailing
// "Z" or ±hh:mm offset is ignored: SDTM dates are local clinic time) and partial dates
// ("YYYY", "YYYY-MM"). nullopt when the text is not an ISO 8601 date; `error` says why.
std::optional<IsoDateTime> parse_iso_datetime(std::string_view text, std::string& error);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

}  // namespace dayzero::importers
