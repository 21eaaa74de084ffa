#include "stats/table_enumerator.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "stats/distributions.h"

namespace dayzero::stats {

namespace {

// FEXACT (ACM Algorithm 643, used by R for r x c tables) counts a table as "as or less likely"
// when its log-probability is within this tolerance of the observed one.
constexpr double kLogTolerance = 3.4525e-7;

}  // namespace

TableEnumerator::TableEnumerator(std::vector<std::int64_t> rows, std::vector<std::int64_t> cols,
                                 std::int64_t max_nodes)
    : rows_(std::move(rows)), cols_(std::move(cols)), max_nodes_(max_nodes) {
    std::sort(cols_.begin(), cols_.end(), std::greater<>());
    const std::int64_t total = std::accumulate(rows_.begin(), rows_.end(), std::int64_t{0});
    log_fact_.resize(static_cast<std::size_t>(total) + 1);
    for (std::int64_t k = 0; k <= total; ++k) {
        log_fact_[static_cast<std::size_t>(k)] = log_factorial(k);
    }
    log_constant_ = -log_fact_.back();
    for (std::int64_t r : rows_) {
        log_constant_ += log_fact_[static_cast<std::size_t>(r)];
    }
    for (std::int64_t c : cols_) {
        log_constant_ += log_fact_[static_cast<std::size_t>(c)];
    }
}

double TableEnumerator::log_probability(const std::vector<std::vector<std::int64_t>>& table) const {
    double lp = log_constant_;
    for (const auto& row : table) {
        for (std::int64_t v : row) {
            lp -= log_fact_[static_cast<std::size_t>(v)];
        }
    }
    return lp;
}

std::optional<double> TableEnumerator::p_value(double log_observed) {
    threshold_ = log_observed + kLogTolerance;
    p_ = 0.0;
    nodes_ = 0;
    std::vector<std::int64_t> remaining = rows_;
    if (!column_node(0, remaining, log_constant_)) {
        return std::nullopt;
    }
    return std::clamp(p_, 0.0, 1.0);
}

void TableEnumerator::completion_bounds(std::size_t col, const std::vector<std::int64_t>& remaining,
                                        double& lowest, double& highest) const {
    // Relaxation: each remaining column on its own, capped by the remaining row sums. The
    // even (water-filled) column is majorised by every feasible one and the greedy
    // largest-first column majorises them all, and sum log x! is Schur-convex, so these give
    // valid extremes of -sum log x! for every column.
    std::vector<std::int64_t> caps = remaining;
    std::sort(caps.begin(), caps.end());
    lowest = 0.0;
    highest = 0.0;
    for (std::size_t j = col; j < cols_.size(); ++j) {
        std::int64_t left = cols_[j];
        for (std::size_t i = 0; i < caps.size(); ++i) {
            const auto rows_left = static_cast<std::int64_t>(caps.size() - i);
            const std::int64_t share = left / rows_left;
            if (caps[i] <= share) {
                highest -= log_fact_[static_cast<std::size_t>(caps[i])];
                left -= caps[i];
                continue;
            }
            // All remaining rows can take an even share: floor or ceiling of left / rows.
            const std::int64_t extra = left % rows_left;
            highest -= static_cast<double>(extra) * log_fact_[static_cast<std::size_t>(share + 1)];
            highest -=
                static_cast<double>(rows_left - extra) * log_fact_[static_cast<std::size_t>(share)];
            break;
        }
        left = cols_[j];
        for (std::size_t i = caps.size(); i-- > 0 && left > 0;) {
            const std::int64_t take = std::min(left, caps[i]);
            lowest -= log_fact_[static_cast<std::size_t>(take)];
            left -= take;
        }
    }
}

bool TableEnumerator::column_node(std::size_t col, std::vector<std::int64_t>& remaining,
                                  double lp) {
    if (col + 1 == cols_.size()) {
        // The last column is forced by the remaining row sums.
        for (std::int64_t r : remaining) {
            lp -= log_fact_[static_cast<std::size_t>(r)];
        }
        if (lp <= threshold_) {
            p_ += std::exp(lp);
        }
        return true;
    }
    double lowest = 0.0;
    double highest = 0.0;
    completion_bounds(col, remaining, lowest, highest);
    if (lp + highest <= threshold_) {
        // Every completion counts: their weights sum to M! / (prod r! prod c!).
        const std::int64_t left =
            std::accumulate(remaining.begin(), remaining.end(), std::int64_t{0});
        double all = lp + log_fact_[static_cast<std::size_t>(left)];
        for (std::int64_t r : remaining) {
            all -= log_fact_[static_cast<std::size_t>(r)];
        }
        for (std::size_t j = col; j < cols_.size(); ++j) {
            all -= log_fact_[static_cast<std::size_t>(cols_[j])];
        }
        p_ += std::exp(all);
        return true;
    }
    if (lp + lowest > threshold_) {
        return true;  // every completion is more likely than the observed table
    }
    return fill_cell(col, 0, cols_[col], remaining, lp);
}

bool TableEnumerator::fill_cell(std::size_t col, std::size_t row, std::int64_t left,
                                std::vector<std::int64_t>& remaining, double lp) {
    // Every partial table counts, leaves included: counting only column nodes left a table
    // with one free column (r x 2) unbounded, i.e. C(n + r - 1, r - 1) leaves for large n.
    if (++nodes_ > max_nodes_) {
        return false;
    }
    if (row + 1 == remaining.size()) {
        // The last cell of the column is forced; earlier choices guarantee it fits.
        remaining[row] -= left;
        const bool ok =
            column_node(col + 1, remaining, lp - log_fact_[static_cast<std::size_t>(left)]);
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
        const bool ok = fill_cell(col, row + 1, left - v, remaining,
                                  lp - log_fact_[static_cast<std::size_t>(v)]);
        remaining[row] += v;
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace dayzero::stats
