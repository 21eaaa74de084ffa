#include "shell/audit_time.h"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace dayzero::shell::audit {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

// Reads exactly `width` digits at `pos` into `out`.
bool read_digits(std::string_view text, size_t pos, size_t width, int& out) {
    if (pos + width > text.size()) return false;
    for (size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return std::from_chars(text.data() + pos, text.data() + pos + width, out).ec == std::errc{};
}

}  // namespace

std::string format_instant(int64_t utc_us) {
    int64_t seconds = utc_us / kMicrosPerSecond;
    int64_t micros = utc_us % kMicrosPerSecond;
    if (micros < 0) {  // floor division for instants before 1970
        micros += kMicrosPerSecond;
        --seconds;
    }
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
}

std::optional<int64_t> parse_instant(std::string_view text, bool end_of_day) {
    if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) text.remove_suffix(1);
    std::tm tm{};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
        !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    int64_t micros = 0;
    const bool date_only = text.size() == 10;
    if (!date_only) {
        if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
            !read_digits(text, 11, 2, hour) || text.size() < 16 || text[13] != ':' ||
            !read_digits(text, 14, 2, minute))
            return std::nullopt;
        size_t pos = 16;
        if (pos < text.size()) {
            if (text[pos] != ':' || !read_digits(text, pos + 1, 2, second)) return std::nullopt;
            pos += 3;
        }
        if (pos < text.size()) {
            if (text[pos] != '.' || pos + 1 == text.size() || text.size() - pos - 1 > 6)
                return std::nullopt;
            int fraction = 0;
            const size_t digits = text.size() - pos - 1;
            if (!read_digits(text, pos + 1, digits, fraction)) return std::nullopt;
            micros = fraction;
            for (size_t i = digits; i < 6; ++i)
                micros *= 10;
        }
        if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    }
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const std::time_t seconds = timegm(&tm);
    // timegm normalises 31 February into March; a round trip catches impossible dates.
    std::tm check{};
    gmtime_r(&seconds, &check);
    if (check.tm_mday != day || check.tm_mon != month - 1) return std::nullopt;
    int64_t us = static_cast<int64_t>(seconds) * kMicrosPerSecond + micros;
    if (date_only && end_of_day) us += kSecondsPerDay * kMicrosPerSecond - 1;
    return us;
}

}  // namespace dayzero::shell::audit
