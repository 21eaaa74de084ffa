#include "stats/fisher.h"

#include <cmath>
#include <numeric>
#include <utility>

#include "stats/table_enumerator.h"

namespace dayzero::stats {

namespace {

// Drops empty rows and columns; returns the reason when the table is unusable.
std::string reduce_table(const CountTable& table, CountTable& reduced) {
    if (table.empty() || table[0].empty()) {
        return "table is empty";
    }
    const std::size_t ncol = table[0].size();
    std::vector<std::int64_t> col_sums(ncol, 0);
    for (const auto& row : table) {
        if (row.size() != ncol) {
            return "rows of the table have different lengths";
        }
        for (std::size_t j = 0; j < ncol; ++j) {
            if (row[j] < 0) {
                return "table has a negative count";
            }
            col_sums[j] += row[j];
        }
    }
    for (const auto& row : table) {
        if (std::accumulate(row.begin(), row.end(), std::int64_t{0}) == 0) {
            continue;
        }
        std::vector<std::int64_t> kept;
        for (std::size_t j = 0; j < ncol; ++j) {
            if (col_sums[j] > 0) {
                kept.push_back(row[j]);
            }
        }
        reduced.push_back(std::move(kept));
    }
    if (reduced.size() < 2 || reduced[0].size() < 2) {
        return "need at least 2 non-empty rows and 2 non-empty columns";
    }
    return {};
}

}  // namespace

FisherResult fisher_exact(const CountTable& table, const FisherOptions& options) {
    FisherResult result;
    CountTable reduced;
    if (std::string reason = reduce_table(table, reduced); !reason.empty()) {
        result.not_computable = not_computable_reason(reason);
        return result;
    }
    const bool original_2x2 = table.size() == 2 && table[0].size() == 2;
    if (original_2x2) {
        return fisher_exact_2x2(table[0][0], table[0][1], table[1][0], table[1][1], options);
    }
    if (options.alternative != Alternative::kTwoSided) {
        result.not_computable =
            not_computable_reason("one-sided alternatives are defined for 2 x 2 tables only");
        return result;
    }
    // The enumerator fills one column at a time; each column's cells range over the rows, so
    // the shorter side as rows keeps the tree narrow. The p-value is the same for the transpose,
    // so a k x 2 table runs as fast as its 2 x k transpose.
    if (reduced.size() > reduced[0].size()) {
        CountTable transposed(reduced[0].size(), std::vector<std::int64_t>(reduced.size(), 0));
        for (std::size_t i = 0; i < reduced.size(); ++i) {
            for (std::size_t j = 0; j < reduced[i].size(); ++j)
                transposed[j][i] = reduced[i][j];
        }
        reduced = std::move(transposed);
    }
    std::vector<std::int64_t> rows;
    std::vector<std::int64_t> cols(reduced[0].size(), 0);
    for (const auto& row : reduced) {
        rows.push_back(std::accumulate(row.begin(), row.end(), std::int64_t{0}));
        for (std::size_t j = 0; j < row.size(); ++j) {
            cols[j] += row[j];
        }
    }
    TableEnumerator enumerator(rows, cols, options.max_tables);
    const std::optional<double> p = enumerator.p_value(enumerator.log_probability(reduced));
    if (!p) {
        result.not_computable = not_computable_reason(
            "table too large for exact enumeration (more than " +
            std::to_string(options.max_tables) + " partial tables); use the chi-squared test");
        return result;
    }
    result.p = *p;
    return result;
}

}  // namespace dayzero::stats
