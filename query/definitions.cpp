#include "query/definitions.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "query/engine_state.h"
#include "query/query_error.h"
#include "text/suggest.h"

namespace dayzero::query {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

[[noreturn]] void type_error(const std::string& message, const ast::SourcePos& pos) {
    throw QueryError(ErrorKind::kType, message, pos);
}

const ast::Quantity& need_quantity(const ast::Setting& s) {
    if (s.form != ast::Setting::Form::kQuantity) {
        type_error("setting '" + s.name.name + "' takes one value, e.g. `set fever 38.3 C`",
                   s.name.pos);
    }
    return s.quantity;
}

double whole_days(const ast::Setting& s, double lo, double hi) {
    const ast::Quantity& q = need_quantity(s);
    const double days = to_minutes(q, "days") / 1440.0;
    if (days != std::floor(days) || days < lo || days > hi) {
        type_error("'" + s.name.name + "' must be a whole number of days from " +
                       std::to_string(static_cast<int>(lo)) + " to " +
                       std::to_string(static_cast<int>(hi)),
                   q.pos);
    }
    return days;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<double> minutes_per_unit(std::string_view unit) {
    const std::string u = to_lower(std::string(unit));
    if (u == "min" || u == "mins" || u == "minute" || u == "minutes") return 1.0;
    if (u == "h" || u == "hr" || u == "hrs" || u == "hour" || u == "hours") return 60.0;
    if (u == "d" || u == "day" || u == "days") return 1440.0;
    if (u == "w" || u == "week" || u == "weeks") return 7 * 1440.0;
    if (u == "month" || u == "months") return 30.4375 * 1440.0;
    return std::nullopt;
}

double to_minutes(const ast::Quantity& q, std::string_view default_unit) {
    const std::string_view unit = q.unit.empty() ? default_unit : std::string_view(q.unit);
    const auto factor = minutes_per_unit(unit);
    if (!factor) {
        type_error("'" + q.unit + "' is not a unit of time (use min, h, days, weeks or months)",
                   q.pos);
    }
    return q.value * *factor;
}

std::vector<std::string> setting_names() {
    return {"fever", "gap", "low_flow", "masking", "window", "fall_window"};
}

void apply_setting(derive::CrsDefinition& def, const ast::Setting& s) {
    const std::string name = to_lower(s.name.name);
    const derive::CrsDefinition defaults;
    const bool reset = s.form == ast::Setting::Form::kDefault;
    if (name == "fever") {
        if (reset) {
            def.fever_threshold_c = defaults.fever_threshold_c;
            return;
        }
        const ast::Quantity& q = need_quantity(s);
        const std::string unit = to_lower(q.unit);
        double c = q.value;
        if (unit == "f") {
            c = (q.value - 32.0) * 5.0 / 9.0;
        } else if (!unit.empty() && unit != "c") {
            type_error("fever takes a temperature in C or F, found unit '" + q.unit + "'", q.pos);
        }
        if (c < 35.0 || c > 43.0) type_error("fever threshold must be between 35 and 43 C", q.pos);
        def.fever_threshold_c = c;
    } else if (name == "gap") {
        def.gap_days = reset ? defaults.gap_days : static_cast<int>(whole_days(s, 1, 28));
    } else if (name == "low_flow") {
        if (reset) {
            def.low_flow_limit_l_min = defaults.low_flow_limit_l_min;
            return;
        }
        const ast::Quantity& q = need_quantity(s);
        if (!q.unit.empty() && to_lower(q.unit) != "l/min") {
            type_error("low_flow takes a flow in L/min, found unit '" + q.unit + "'", q.pos);
        }
        if (q.value <= 0 || q.value > 60) type_error("low_flow must be in (0, 60] L/min", q.pos);
        def.low_flow_limit_l_min = q.value;
    } else if (name == "masking") {
        if (reset) {
            def.masking_drugs = defaults.masking_drugs;
            return;
        }
        if (s.form != ast::Setting::Form::kList) {
            type_error("masking takes a list of drugs, e.g. `set masking (tocilizumab)`",
                       s.name.pos);
        }
        def.masking_drugs.clear();
        for (const auto& drug : s.list) {
            if (to_lower(drug.name) != "none") def.masking_drugs.push_back(to_lower(drug.name));
        }
    } else if (name == "window") {
        if (reset) {
            def.window_first_day = defaults.window_first_day;
            def.window_last_day = defaults.window_last_day;
            return;
        }
        if (s.form != ast::Setting::Form::kRange || s.from != std::floor(s.from) ||
            s.to != std::floor(s.to) || s.from > s.to || s.from < -100 || s.to > 1000) {
            type_error("window takes a day range, e.g. `set window 0 to 28`", s.name.pos);
        }
        def.window_first_day = static_cast<int>(s.from);
        def.window_last_day = static_cast<int>(s.to);
    } else if (name == "fall_window") {
        if (reset) {
            def.fall_window_hours = defaults.fall_window_hours;
            return;
        }
        const double hours = to_minutes(need_quantity(s), "h") / 60.0;
        if (hours <= 0) type_error("fall_window must be positive", s.quantity.pos);
        def.fall_window_hours = hours;
    } else {
        throw QueryError(ErrorKind::kUnknownName,
                         "no setting '" + s.name.name + "'" +
                             text::did_you_mean(s.name.name, setting_names()) +
                             " (settings: fever, gap, low_flow, masking, window, fall_window)",
                         s.name.pos, static_cast<int>(s.name.name.size()));
    }
}

namespace {

// Reads exactly `count` digits of `text` at `at` (advanced past them) into `out`.
bool read_digits(std::string_view text, size_t& at, size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = text[at + i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    at += count;
    return true;
}

bool read_char(std::string_view text, size_t& at, std::string_view allowed) {
    if (at >= text.size() || allowed.find(text[at]) == std::string_view::npos) return false;
    ++at;
    return true;
}

}  // namespace

std::optional<int64_t> parse_instant_us(std::string_view text) {
    // Strictly 'YYYY-MM-DD', optionally 'THH:MM', ':SS', '.ffffff' (1 to 6 digits) and 'Z': a
    // date that does not exist (February 30th, a leap second) is refused rather than rolled on
    // into the next day, which would move the point the statement reads the store at.
    if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) text.remove_suffix(1);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    long micro = 0;
    size_t at = 0;
    if (!read_digits(text, at, 4, y) || !read_char(text, at, "-") ||
        !read_digits(text, at, 2, mo) || !read_char(text, at, "-") ||
        !read_digits(text, at, 2, d)) {
        return std::nullopt;
    }
    const bool date_only = at == text.size();
    if (!date_only) {
        if (!read_char(text, at, "Tt ") || !read_digits(text, at, 2, h) ||
            !read_char(text, at, ":") || !read_digits(text, at, 2, mi)) {
            return std::nullopt;
        }
        const bool seconds = read_char(text, at, ":");
        if (seconds && !read_digits(text, at, 2, s)) return std::nullopt;
        if (seconds && read_char(text, at, ".")) {
            const size_t digits = text.size() - at;
            int fraction = 0;
            if (digits < 1 || digits > 6 || !read_digits(text, at, digits, fraction))
                return std::nullopt;
            micro = fraction;
            for (size_t i = digits; i < 6; ++i)
                micro *= 10;
        }
        if (at != text.size()) return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{y},
                                           std::chrono::month{static_cast<unsigned>(mo)},
                                           std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    const int64_t days = days_from_civil(y, mo, d);
    int64_t us = ((days * 24 + h) * 60 + mi) * 60 * kMicrosPerSecond + s * kMicrosPerSecond + micro;
    if (date_only) us += 86400 * kMicrosPerSecond - 1;
    return us;
}

std::string format_instant_us(int64_t us) {
    int64_t secs = us >= 0 ? us / kMicrosPerSecond : (us - kMicrosPerSecond + 1) / kMicrosPerSecond;
    int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    int64_t rem = secs - days * 86400;
    // civil_from_days
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld",
                  static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    std::string out = buf;
    // The microseconds, when there are any: an instant copied from a note or from `history`
    // into `as of` must be the same point (cut to the second, it is before the event).
    const int64_t micro = us - secs * kMicrosPerSecond;
    if (micro != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micro));
        out += buf;
    }
    return out + "Z";
}

store::AsOf resolve_point(const ast::Point& point) {
    store::AsOf as_of;
    switch (point.kind) {
        case ast::Point::Kind::kNow:
            break;
        case ast::Point::Kind::kSeq:
            as_of.seq = point.seq;
            break;
        case ast::Point::Kind::kInstant: {
            const auto us = parse_instant_us(point.instant);
            if (!us) {
                throw QueryError(ErrorKind::kType,
                                 "'" + point.instant +
                                     "' is not an instant (use 'YYYY-MM-DD' or "
                                     "'YYYY-MM-DDTHH:MM:SSZ', UTC)",
                                 point.pos);
            }
            as_of.recorded_at_us = *us;
            break;
        }
    }
    return as_of;
}

std::string describe_as_of(const store::AsOf& as_of) {
    if (as_of.seq) return "seq " + std::to_string(*as_of.seq);
    if (as_of.recorded_at_us) return format_instant_us(*as_of.recorded_at_us);
    return "now";
}

}  // namespace dayzero::query
