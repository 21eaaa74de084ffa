#include "shell/audit_time.h"

#include <ctime>

#include <fmt/format.h>

#include "query/definitions.h"

namespace dayzero::shell::audit {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

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
    // One reading of instants for the whole program: the statements' `as of`
    // (query/definitions.h), which refuses a date or a second that does not exist (a leap second
    // was taken as the next minute here). It reads a date alone as its last microsecond.
    auto us = query::parse_instant_us(text);
    if (!us) return std::nullopt;
    if (!end_of_day && text.find_first_of("Tt ") == std::string_view::npos)
        *us -= kSecondsPerDay * kMicrosPerSecond - 1;
    return us;
}

}  // namespace dayzero::shell::audit
