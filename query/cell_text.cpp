#include "query/cell_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "query/query_result.h"
#include "stats/binomial_ci.h"
#include "stats/descriptives.h"

namespace dayzero::query {

std::string number_text(double value) {
    return format_value(Value{value}, Column{"", ColumnType::kNumber, -1});
}

std::string rounded_text(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return number_text(value);
    const double a = std::fabs(value);
    const int decimals = a >= 100 ? 0 : (a >= 10 ? 1 : 2);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string text = buf;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

void fit_decimals(std::vector<Column>& columns, const std::vector<std::vector<Value>>& rows,
                  size_t column) {
    // Medians of whole numbers end in .5 and quartiles in .25: show what the values need.
    int decimals = -1;
    for (const auto& row : rows) {
        if (column >= row.size()) continue;
        if (const auto* d = std::get_if<double>(&row[column])) {
            if (*d * 10 != std::floor(*d * 10)) {
                decimals = 2;
            } else if (*d != std::floor(*d)) {
                decimals = std::max(decimals, 1);
            }
        }
    }
    if (decimals > 0 && column < columns.size()) columns[column].decimals = decimals;
}

std::string median_range_text(const std::vector<double>& values) {
    const stats::Descriptives d = stats::describe(values);
    if (!d.median) return "-";
    return rounded_text(*d.median) + " (" + rounded_text(*d.min) + "-" + rounded_text(*d.max) + ")";
}

std::string interval_text(const std::optional<double>& low, const std::optional<double>& high) {
    if (!low || !high) return "-";
    return exact_real(*low) + " to " + exact_real(*high);
}

std::string count_percent_ci_text(int64_t n, int64_t total) {
    const auto ci = stats::clopper_pearson(n, total);
    if (!ci.not_computable.empty()) return count_percent_text(n, total);
    char buf[64];
    std::snprintf(buf, sizeof buf, " [%.1f-%.1f]", 100.0 * *ci.conf_low, 100.0 * *ci.conf_high);
    return count_percent_text(n, total) + buf;
}

std::string count_percent_text(int64_t n, int64_t total) {
    if (total <= 0) return std::to_string(n) + " (-)";
    return stats::format_count_percent(n, total);
}

}  // namespace dayzero::query
