#include "query/stats/fisher.h"

#include <cmath>
#include <numeric>

#include "query/stats/distributions.h"

namespace dayzero::stats {

namespace {

// FEXACT (ACM Algorithm 643, used by R for r x c tables) counts a table as "as or less likely"
// when its log-probability is within this tolerance of the observed one.
constexpr double kLogTolerance = 3.4525e-7;

// Enumerates every table with the given margins, column by column, accumulating the
// probability of those no more likely than the observed table.
class TableEnumerator {
public:
    TableEnumerator(std::vector<std::int64_t> rows, std::vector<std::int64_t> cols,
                    std::int64_t max_tables)
        : rows_(std::move(rows)), cols_(std::move(cols)), max_tables_(max_tables) {
        const std::int64_t total = std::accumulate(rows_.begin(), rows_.end(), std::int64_t{0});
        log_constant_ = -log_factorial(total);
        for (std::int64_t r : rows_) {
            log_constant_ += log_factorial(r);
        }
        for (std::int64_t c : cols_) {
            log_constant_ += log_factorial(c);
        }
    }

    // Log-probability of a table under independence given its margins.
    double log_probability(const CountTable& table) const {
        double lp = log_constant_;
        for (const auto& row : table) {
            for (std::int64_t v : row) {
                lp -= log_factorial(v);
            }
        }
        return lp;
    }

    // Tables with log-probability up to this (plus tolerance) count toward p.
    void set_observed(double log_observed) { threshold_ = log_observed + kLogTolerance; }

    // Returns false when the table budget ran out.
    bool run() {
        std::vector<std::int64_t> remaining = rows_;
        return fill(0, 0, cols_.empty() ? 0 : cols_[0], remaining, log_constant_);
    }

    double p() const { return p_; }

private:
    // Places the value of cell (row, col) given `left` still to place in this column.
    bool fill(std::size_t col, std::size_t row, std::int64_t left,
              std::vector<std::int64_t>& remaining, double lp) {
        if (col + 1 == cols_.size()) {
            // Last column is forced by the remaining row sums.
            for (std::int64_t r : remaining) {
                lp -= log_factorial(r);
            }
            if (++visited_ > max_tables_) {
                return false;
            }
            if (lp <= threshold_) {
                p_ += std::exp(lp);
            }
            return true;
        }
        if (row + 1 == remaining.size()) {
            // Last cell of the column is forced; it must fit in the row's remainder.
            if (left > remaining[row]) {
                return true;
            }
            remaining[row] -= left;
            const bool ok = fill(col + 1, 0, cols_[col + 1], remaining, lp - log_factorial(left));
            remaining[row] += left;
            return ok;
        }
        // Rows below must be able to absorb what is left of the column.
        std::int64_t capacity_below = 0;
        for (std::size_t r = row + 1; r < remaining.size(); ++r) {
            capacity_below += remaining[r];
        }
        const std::int64_t low = std::max<std::int64_t>(0, left - capacity_below);
        const std::int64_t high = std::min(left, remaining[row]);
        for (std::int64_t v = low; v <= high; ++v) {
            remaining[row] -= v;
            const bool ok = fill(col, row + 1, left - v, remaining, lp - log_factorial(v));
            remaining[row] += v;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    std::vector<std::int64_t> rows_;
    std::vector<std::int64_t> cols_;
    std::int64_t max_tables_;
    std::int64_t visited_ = 0;
    double log_constant_ = 0.0;
    double threshold_ = 0.0;
    double p_ = 0.0;
};

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
    std::vector<std::int64_t> rows;
    std::vector<std::int64_t> cols(reduced[0].size(), 0);
    for (const auto& row : reduced) {
        rows.push_back(std::accumulate(row.begin(), row.end(), std::int64_t{0}));
        for (std::size_t j = 0; j < row.size(); ++j) {
            cols[j] += row[j];
        }
    }
    TableEnumerator enumerator(rows, cols, options.max_tables);
    enumerator.set_observed(enumerator.log_probability(reduced));
    if (!enumerator.run()) {
        result.not_computable = not_computable_reason(
            "table too large for exact enumeration (more than " +
            std::to_string(options.max_tables) + " tables); use the chi-squared test");
        return result;
    }
    result.p = std::min(1.0, std::max(0.0, enumerator.p()));
    return result;
}

}  // namespace dayzero::stats
