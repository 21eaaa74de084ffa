#include "query/query_result.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "text/shortest_number.h"

namespace dayzero::query {

QueryResult QueryResult::failure(std::string message) {
    QueryResult result;
    result.ok = false;
    result.error = std::move(message);
    return result;
}

std::string format_p_value(double p) {
    if (std::isnan(p)) return "NA";
    if (p < 0.001) return "< 0.001";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", p);
    return buf;
}

namespace {

std::string format_real(double v, int decimals) {
    if (std::isnan(v)) return "NA";
    if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
    char buf[64];
    if (decimals >= 0) {
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return buf;
    }
    // 6 significant digits for reading; exports use format_exact.
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// An interval cell "LOW to HIGH" with each limit to 3 significant digits (or `decimals` fixed
// ones); any other text as it is.
std::string interval_for_reading(const std::string& text, int decimals) {
    const size_t to = text.find(" to ");
    if (to == std::string::npos) return text;
    const auto limit = [decimals](const std::string& part) {
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (end == part.c_str() || *end != '\0') return part;
        if (std::isinf(v)) return std::string(v > 0 ? "Inf" : "-Inf");
        char buf[64];
        if (decimals >= 0)
            std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        else
            std::snprintf(buf, sizeof buf, "%.3g", v);
        return std::string(buf);
    };
    return limit(text.substr(0, to)) + " to " + limit(text.substr(to + 4));
}

// `text` (a plain decimal) with at least `decimals` digits after the point.
std::string padded(std::string text, int decimals) {
    if (decimals <= 0 || text.find_first_of("eE") != std::string::npos) return text;
    size_t point = text.find('.');
    if (point == std::string::npos) {
        point = text.size();
        text += '.';
    }
    const size_t have = text.size() - point - 1;
    if (have < static_cast<size_t>(decimals)) text.append(decimals - have, '0');
    return text;
}

}  // namespace

std::string exact_real(double v) {
    if (std::isnan(v)) return "NA";
    if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
    char buf[64];
    return std::string(buf, text::shortest_chars(buf, buf + sizeof buf, v));
}

std::string format_exact(const Value& value, const Column& column) {
    if (const auto* d = std::get_if<double>(&value)) return exact_real(*d);
    if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
    if (const auto* text = std::get_if<std::string>(&value)) return *text;  // intervals whole
    return format_value(value, column);
}

std::string format_value(const Value& value, const Column& column) {
    if (std::holds_alternative<std::monostate>(value)) return "";
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "yes" : "no";
    if (const auto* s = std::get_if<std::string>(&value)) {
        return column.type == ColumnType::kInterval ? interval_for_reading(*s, column.decimals)
                                                    : *s;
    }
    if (const auto* i = std::get_if<int64_t>(&value)) {
        if (column.type == ColumnType::kNumber && column.decimals > 0)
            return format_real(static_cast<double>(*i), column.decimals);
        return std::to_string(*i);
    }
    const double d = std::get<double>(value);
    if (column.type == ColumnType::kPValue) return format_p_value(d);
    if (column.recorded && std::isfinite(d)) return padded(exact_real(d), column.decimals);
    if (column.type == ColumnType::kInteger || column.type == ColumnType::kDay)
        return format_real(d, 0);
    return format_real(d, column.decimals);
}

}  // namespace dayzero::query
