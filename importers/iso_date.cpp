#include "importers/iso_date.h"

#include <cstdio>

#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

// Reads `count` digits at `at`; -1 if they are not all digits.
int read_digits(std::string_view text, size_t at, size_t count) {
    if (at + count > text.size()) return -1;
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool is_leap(int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int64_t year, unsigned month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// "Z", "+hh", "+hhmm" or "+hh:mm" (or with '-') as minutes east of UTC.
std::optional<int16_t> parse_offset(std::string_view zone) {
    if (zone == "Z") return 0;
    if (zone.size() < 3 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
    const int hours = read_digits(zone, 1, 2);
    int minutes = 0;
    if (zone.size() == 6 && zone[3] == ':') {
        minutes = read_digits(zone, 4, 2);
    } else if (zone.size() == 5) {
        minutes = read_digits(zone, 3, 2);
    } else if (zone.size() != 3) {
        return std::nullopt;
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
    const int total = hours * 60 + minutes;
    return static_cast<int16_t>(zone[0] == '-' ? -total : total);
}

// The two forms nearly every SDTM date takes, "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM", read in one
// step each (an SDTM study parses one per row), the clock by the rule every input shares. False
// for anything else, or anything out of range: the general reading below then takes it, and says
// what is wrong.
bool read_usual_form(std::string_view text, IsoDateTime& out) {
    if ((text.size() != 10 && text.size() != 16) || text[4] != '-' || text[7] != '-') return false;
    const int year = read_digits(text, 0, 4);
    const int month = read_digits(text, 5, 2);
    const int day = read_digits(text, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)))
        return false;
    if (text.size() == 16) {
        uint16_t minute = 0;
        if (text[10] != 'T' || !text::read_clock(text.substr(11), minute)) return false;
        out.minute = minute;
    }
    out.days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return true;
}

}  // namespace

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
    // Howard Hinnant's well-known civil-from-days inverse, written out for clarity.
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t year_of_era = year - era * 400;
    const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

std::string offset_text(int16_t offset) {
    if (offset == 0) return "Z";
    const int magnitude = offset < 0 ? -offset : offset;
    char text[8];
    std::snprintf(text, sizeof text, "%c%02d:%02d", offset < 0 ? '-' : '+', magnitude / 60,
                  magnitude % 60);
    return text;
}

std::optional<IsoDateTime> parse_iso_datetime(std::string_view text, std::string& error) {
    text = trim(text);
    IsoDateTime out;
    if (read_usual_form(text, out)) return out;
    const int year = read_digits(text, 0, 4);
    if (year < 0) {
        error = "not an ISO 8601 date (expected YYYY-MM-DD)";
        return std::nullopt;
    }
    if (text.size() == 4) {
        out.partial = true;
        return out;
    }
    if (text[4] != '-') {
        error = "not an ISO 8601 date (expected YYYY-MM-DD)";
        return std::nullopt;
    }
    if (text.size() >= 6 && text[5] == '-') {  // "2021---15": unknown month
        out.partial = true;
        return out;
    }
    const int month = read_digits(text, 5, 2);
    if (month < 1 || month > 12) {
        error = "month out of range in ISO 8601 date";
        return std::nullopt;
    }
    if (text.size() == 7 || (text.size() >= 8 && text[7] == '-' && text.size() == 8)) {
        out.partial = true;
        return out;
    }
    if (text.size() < 10 || text[7] != '-') {
        error = "not an ISO 8601 date (expected YYYY-MM-DD)";
        return std::nullopt;
    }
    const int day = read_digits(text, 8, 2);
    if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, month)) {
        error = "day out of range in ISO 8601 date";
        return std::nullopt;
    }
    out.days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    if (text.size() == 10) return out;
    if (text[10] != 'T') {
        error = "unexpected text after the date (a time must follow 'T')";
        return std::nullopt;
    }
    std::string_view time = text.substr(11);
    // SDTM writes an unknown hour as '-' ("T-:15"): the date without a clock, as before.
    if (!time.empty() && time[0] == '-') return out;
    // The zone designator is kept; fractional seconds are dropped.
    if (size_t zone = time.find_first_of("Z+-"); zone != std::string_view::npos) {
        auto offset = parse_offset(time.substr(zone));
        if (!offset) {
            error = "time-zone offset is not Z or +hh:mm / -hh:mm in ISO 8601 date-time";
            return std::nullopt;
        }
        out.offset = offset;
        time = time.substr(0, zone);
    }
    if (size_t fraction = time.find('.'); fraction != std::string_view::npos)
        time = time.substr(0, fraction);
    if (time.empty()) return out;  // "2021-03-05T": date with an empty time part
    if (time.size() == 2) {        // "T14": hour only is a partial time: keep the date, no clock
        return out;
    }
    auto minute = parse_clock(time);
    if (!minute) {
        error = "time out of range in ISO 8601 date-time";
        return std::nullopt;
    }
    out.minute = minute;
    return out;
}

}  // namespace dayzero::importers
