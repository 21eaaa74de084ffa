#include "stats/hodges_lehmann.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"
#include "stats/ranks.h"
#include "stats/root_finding.h"
#include "stats/stats_common.h"
#include "stats/wilcoxon.h"

namespace dayzero::stats {

namespace {

// wilcox.test's tol.root default.
constexpr double kRootTolerance = 1e-4;

double median_of_sorted(const std::vector<double>& v) {
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void exact_interval(const std::vector<double>& x, const std::vector<double>& y, double conf,
                    ShiftEstimate& r) {
    const int m = static_cast<int>(x.size());
    const int n = static_cast<int>(y.size());
    std::vector<double> diffs;
    diffs.reserve(x.size() * y.size());
    for (const double a : x) {
        for (const double b : y)
            diffs.push_back(a - b);
    }
    std::sort(diffs.begin(), diffs.end());
    const double alpha = 1.0 - conf;
    int qu = *qwilcox(alpha / 2.0, m, n);
    if (qu == 0) qu = 1;
    const int ql = m * n - qu;
    const double achieved = 2.0 * *pwilcox(qu - 1, m, n);
    r.conf_low = diffs[static_cast<std::size_t>(qu - 1)];
    r.conf_high = diffs[static_cast<std::size_t>(ql)];
    r.conf_level = conf;
    if (achieved - alpha > alpha / 2.0) {
        r.warnings.emplace_back("Requested conf.level not achievable");
        r.conf_level = 1.0 - achieved;
    }
    r.estimate = median_of_sorted(diffs);
    r.exact = true;
}

// The standardised rank-sum statistic of x - d against y (R's W(d) inside wilcox.test).
double shifted_z(const std::vector<double>& x, const std::vector<double>& y, double d,
                 bool correct) {
    std::vector<double> pooled;
    pooled.reserve(x.size() + y.size());
    for (const double a : x)
        pooled.push_back(a - d);
    pooled.insert(pooled.end(), y.begin(), y.end());
    std::vector<long> ties;
    const std::vector<double> ranks = average_ranks(pooled, ties);
    const auto nx = static_cast<double>(x.size());
    const auto ny = static_cast<double>(y.size());
    double rank_sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i)
        rank_sum += ranks[i];
    const double dz = rank_sum - nx * (nx + 1.0) / 2.0 - nx * ny / 2.0;
    const double correction = correct ? (dz > 0 ? 0.5 : (dz < 0 ? -0.5 : 0.0)) : 0.0;
    const double sigma = std::sqrt(
        (nx * ny / 12.0) * ((nx + ny + 1.0) - tie_sum(ties) / ((nx + ny) * (nx + ny - 1.0))));
    return (dz - correction) / sigma;
}

void approximate_interval(const std::vector<double>& x, const std::vector<double>& y, double conf,
                          ShiftEstimate& r) {
    const double mumin =
        *std::min_element(x.begin(), x.end()) - *std::max_element(y.begin(), y.end());
    const double mumax =
        *std::max_element(x.begin(), x.end()) - *std::min_element(y.begin(), y.end());
    const double alpha = 1.0 - conf;
    const double z_min = shifted_z(x, y, mumin, true);
    const double z_max = shifted_z(x, y, mumax, true);
    // As R: an end of the range is the limit when the statistic never crosses the quantile.
    auto root = [&](double zq) -> std::optional<double> {
        if (z_min - zq <= 0.0) return mumin;
        if (z_max - zq >= 0.0) return mumax;
        return brent_root([&](double d) { return shifted_z(x, y, d, true) - zq; }, mumin, mumax,
                          kRootTolerance);
    };
    r.conf_low = root(qnorm(1.0 - alpha / 2.0));
    r.conf_high = root(qnorm(alpha / 2.0));
    r.conf_level = conf;
    // R sets correct <- FALSE before solving for the estimate, and its W(d) reads it then.
    r.estimate = brent_root([&](double d) { return shifted_z(x, y, d, false); }, mumin, mumax,
                            kRootTolerance);
}

}  // namespace

ShiftEstimate hodges_lehmann(const std::vector<double>& x_in, const std::vector<double>& y_in,
                             double conf_level) {
    ShiftEstimate r;
    const std::vector<double> x = drop_nan(x_in);
    const std::vector<double> y = drop_nan(y_in);
    if (x.empty() || y.empty()) {
        r.not_computable = not_computable_reason(x.empty() ? "first group has no values"
                                                           : "second group has no values");
        return r;
    }
    std::vector<double> pooled(x);
    pooled.insert(pooled.end(), y.begin(), y.end());
    std::vector<long> ties;
    average_ranks(pooled, ties);
    const bool has_ties = ties.size() != pooled.size();
    if (ties.size() == 1) {
        r.not_computable =
            not_computable_reason("all values are equal (no interval when all observations tie)");
        return r;
    }
    if (!has_ties && x.size() < 50 && y.size() < 50) {
        exact_interval(x, y, conf_level, r);
    } else {
        approximate_interval(x, y, conf_level, r);
        if (has_ties && x.size() < 50 && y.size() < 50)
            r.warnings.emplace_back("cannot compute exact confidence intervals with ties");
        if (!r.estimate || !r.conf_low || !r.conf_high) {
            r = ShiftEstimate{};
            r.not_computable = not_computable_reason("the shift's root was not found");
        }
    }
    return r;
}

}  // namespace dayzero::stats
