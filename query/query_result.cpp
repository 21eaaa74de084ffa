#include "query/query_result.h"

#include <cmath>
#include <cstdio>

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
    // Shortest form that reads back to the same double, capped at 6 significant digits for
    // display (a table is not an export format).
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

std::string format_value(const Value& value, const Column& column) {
    if (std::holds_alternative<std::monostate>(value)) return "";
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "yes" : "no";
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* i = std::get_if<int64_t>(&value)) {
        if (column.type == ColumnType::kNumber && column.decimals > 0)
            return format_real(static_cast<double>(*i), column.decimals);
        return std::to_string(*i);
    }
    const double d = std::get<double>(value);
    if (column.type == ColumnType::kPValue) return format_p_value(d);
    if (column.type == ColumnType::kInteger || column.type == ColumnType::kDay)
        return format_real(d, 0);
    return format_real(d, column.decimals);
}

}  // namespace dayzero::query
