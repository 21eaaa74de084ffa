#include "query/cell_text.h"

#include "query/query_result.h"
#include "query/stats/descriptives.h"

namespace dayzero::query {

std::string number_text(double value) {
    return format_value(Value{value}, Column{"", ColumnType::kNumber, -1});
}

std::string median_range_text(const std::vector<double>& values) {
    const stats::Descriptives d = stats::describe(values);
    if (!d.median) return "-";
    return number_text(*d.median) + " (" + number_text(*d.min) + "-" + number_text(*d.max) + ")";
}

std::string count_percent_text(int64_t n, int64_t total) {
    if (total <= 0) return std::to_string(n) + " (-)";
    return stats::format_count_percent(n, total);
}

}  // namespace dayzero::query
