#include "stats/chi_squared.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/distributions.h"

namespace dayzero::stats {

ChiSquaredResult chi_squared_test(const CountTable& table, bool correct) {
    ChiSquaredResult result;
    const std::size_t nr = table.size();
    const std::size_t nc = nr == 0 ? 0 : table[0].size();
    if (nr < 2 || nc < 2) {
        result.not_computable = not_computable_reason("need at least 2 rows and 2 columns");
        return result;
    }
    std::vector<double> row_sums(nr, 0.0);
    std::vector<double> col_sums(nc, 0.0);
    for (std::size_t i = 0; i < nr; ++i) {
        if (table[i].size() != nc) {
            result.not_computable =
                not_computable_reason("rows of the table have different lengths");
            return result;
        }
        for (std::size_t j = 0; j < nc; ++j) {
            if (table[i][j] < 0) {
                result.not_computable = not_computable_reason("table has a negative count");
                return result;
            }
            row_sums[i] += static_cast<double>(table[i][j]);
            col_sums[j] += static_cast<double>(table[i][j]);
        }
    }
    const bool zero_row = std::find(row_sums.begin(), row_sums.end(), 0.0) != row_sums.end();
    const bool zero_col = std::find(col_sums.begin(), col_sums.end(), 0.0) != col_sums.end();
    if (zero_row || zero_col) {
        result.not_computable = not_computable_reason(
            zero_row ? "a row of the table is all zero" : "a column of the table is all zero");
        return result;
    }
    double total = 0.0;
    for (double r : row_sums) {
        total += r;
    }
    // Expected counts E = row * col / total, as chisq.test's outer(sr, sc) / n.
    result.expected.reserve(nr * nc);
    double min_abs_deviation = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < nr; ++i) {
        for (std::size_t j = 0; j < nc; ++j) {
            const double e = row_sums[i] * col_sums[j] / total;
            result.expected.push_back(e);
            min_abs_deviation =
                std::min(min_abs_deviation, std::fabs(static_cast<double>(table[i][j]) - e));
            if (e < 5.0) {
                result.expected_below_5 = true;
            }
        }
    }
    double yates = 0.0;
    if (correct && nr == 2 && nc == 2) {
        yates = std::min(0.5, min_abs_deviation);
        result.yates_applied = yates > 0.0;
    }
    double statistic = 0.0;
    for (std::size_t i = 0; i < nr; ++i) {
        for (std::size_t j = 0; j < nc; ++j) {
            const double e = result.expected[i * nc + j];
            const double dev = std::fabs(static_cast<double>(table[i][j]) - e) - yates;
            statistic += dev * dev / e;
        }
    }
    const auto df = static_cast<double>((nr - 1) * (nc - 1));
    result.statistic = statistic;
    result.df = df;
    result.p = pchisq_upper(statistic, df);
    if (result.expected_below_5) {
        result.warnings.emplace_back("Chi-squared approximation may be incorrect");
    }
    return result;
}

}  // namespace dayzero::stats
