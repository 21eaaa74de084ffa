#include "stats/wilcoxon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "stats/distributions.h"
#include "stats/ranks.h"

namespace dayzero::stats {

namespace {

constexpr double kExactSizeLimit = 50.0;
// m * n above this is not enumerated: the work grows as (m n)^2, and the limit keeps the exact
// path to an interactive wait.
constexpr long kMaxExactCells = 30'000;

// Counts of the null distribution of W for sizes m, n: counts[k] = number of rank subsets of
// size m giving W = k. Built by the recurrence f(m,n,k) = f(m-1,n,k-n) + f(m,n-1,k) using
// additions only, so no cancellation.
std::vector<double> wilcox_counts(int m, int n) {
    const std::size_t top = static_cast<std::size_t>(m) * static_cast<std::size_t>(n);
    // f[i][k] holds f(i, current n', k) for i = 0..m.
    std::vector<std::vector<double>> f(static_cast<std::size_t>(m) + 1,
                                       std::vector<double>(top + 1, 0.0));
    for (auto& row : f) {
        row[0] = 1.0;  // n' = 0: only W = 0 is possible
    }
    for (int np = 1; np <= n; ++np) {
        for (int i = 1; i <= m; ++i) {
            auto& cur = f[static_cast<std::size_t>(i)];
            const auto& prev_m = f[static_cast<std::size_t>(i) - 1];  // already at n' = np
            const auto reach = static_cast<std::size_t>(i) * static_cast<std::size_t>(np);
            for (std::size_t k = reach; k >= static_cast<std::size_t>(np); --k) {
                cur[k] += prev_m[k - static_cast<std::size_t>(np)];
            }
        }
    }
    return f[static_cast<std::size_t>(m)];
}

// P(W <= w) and P(W >= w) under the exact null distribution; nullopt when too large.
std::optional<std::pair<double, double>> exact_tails(double w, int m, int n) {
    if (m < 0 || n < 0 || static_cast<long>(m) * n > kMaxExactCells) {
        return std::nullopt;
    }
    // The distribution is symmetric in the group sizes; the smaller one sizes the table.
    const std::vector<double> counts = wilcox_counts(std::min(m, n), std::max(m, n));
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    double lower = 0.0;
    double upper = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const auto value = static_cast<double>(k);
        if (value <= w + 1e-7) {
            lower += counts[k] / total;
        }
        if (value >= w - 1e-7) {
            upper += counts[k] / total;
        }
    }
    return std::make_pair(std::min(lower, 1.0), std::min(upper, 1.0));
}

}  // namespace

std::optional<double> pwilcox(double q, int m, int n) {
    const double top = static_cast<double>(m) * n;
    q = std::floor(q + 1e-7);
    if (q < 0.0) {
        return 0.0;
    }
    if (q >= top) {
        return 1.0;
    }
    const auto tails = exact_tails(q, m, n);
    if (!tails) {
        return std::nullopt;
    }
    return tails->first;
}

std::optional<int> qwilcox(double p, int m, int n) {
    if (m < 0 || n < 0 || static_cast<long>(m) * n > kMaxExactCells) {
        return std::nullopt;
    }
    const std::vector<double> counts = wilcox_counts(std::min(m, n), std::max(m, n));
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    const double eps10 = 10.0 * std::numeric_limits<double>::epsilon();
    double cumulative = 0.0;
    // As R: from the lower end for p <= 1/2, from the upper end (by symmetry) above.
    const bool lower = p <= 0.5;
    const double target = lower ? p - eps10 : 1.0 - p + eps10;
    for (std::size_t q = 0; q < counts.size(); ++q) {
        cumulative += counts[q] / total;
        if (lower ? cumulative >= target : cumulative > target) {
            const int k = static_cast<int>(q);
            return lower ? k : m * n - k;
        }
    }
    return m * n;
}

WilcoxonResult wilcoxon_rank_sum(const std::vector<double>& x_in, const std::vector<double>& y_in,
                                 const WilcoxonOptions& options) {
    WilcoxonResult result;
    const std::vector<double> x = drop_nan(x_in);
    const std::vector<double> y = drop_nan(y_in);
    if (x.empty() || y.empty()) {
        result.not_computable = not_computable_reason(x.empty() ? "first group has no values"
                                                                : "second group has no values");
        return result;
    }
    std::vector<double> pooled(x);
    pooled.insert(pooled.end(), y.begin(), y.end());
    std::vector<long> ties;
    const std::vector<double> ranks = average_ranks(pooled, ties);
    const auto nx = static_cast<double>(x.size());
    const auto ny = static_cast<double>(y.size());
    double rank_sum_x = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        rank_sum_x += ranks[i];
    }
    const double w = rank_sum_x - nx * (nx + 1.0) / 2.0;
    result.w = w;
    const bool has_ties = ties.size() != pooled.size();
    const bool want_exact =
        options.method == WilcoxonMethod::kExact ||
        (options.method == WilcoxonMethod::kAuto && nx < kExactSizeLimit && ny < kExactSizeLimit);
    const Alternative alt = options.alternative;
    if (want_exact && !has_ties) {
        const auto tails = exact_tails(w, static_cast<int>(x.size()), static_cast<int>(y.size()));
        if (!tails) {
            result.not_computable =
                not_computable_reason("exact distribution too large; use the approximation");
            return result;
        }
        const auto [lower, upper] = *tails;
        double p = 0.0;
        if (alt == Alternative::kGreater) {
            p = upper;
        } else if (alt == Alternative::kLess) {
            p = lower;
        } else {
            p = std::min(1.0, 2.0 * (w > nx * ny / 2.0 ? upper : lower));
        }
        result.p = p;
        result.exact = true;
        result.method = "Wilcoxon rank sum exact test";
        return result;
    }
    const double n_all = nx + ny;
    const double variance =
        (nx * ny / 12.0) * ((n_all + 1.0) - tie_sum(ties) / (n_all * (n_all - 1.0)));
    if (!(variance > 0.0)) {
        result.not_computable = not_computable_reason("all values are equal (zero variance)");
        return result;
    }
    const double sigma = std::sqrt(variance);
    double z = w - nx * ny / 2.0;
    double correction = 0.0;
    if (options.correct) {
        if (alt == Alternative::kTwoSided) {
            correction = z > 0.0 ? 0.5 : (z < 0.0 ? -0.5 : 0.0);
        } else {
            correction = alt == Alternative::kGreater ? 0.5 : -0.5;
        }
    }
    z = (z - correction) / sigma;
    if (alt == Alternative::kLess) {
        result.p = pnorm(z);
    } else if (alt == Alternative::kGreater) {
        result.p = pnorm_upper(z);
    } else {
        result.p = 2.0 * std::min(pnorm(z), pnorm_upper(z));
    }
    result.method = options.correct ? "Wilcoxon rank sum test with continuity correction"
                                    : "Wilcoxon rank sum test";
    if (want_exact && has_ties) {
        result.warnings.emplace_back("cannot compute exact p-value with ties");
    }
    return result;
}

}  // namespace dayzero::stats
