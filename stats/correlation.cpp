#include "stats/correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "stats/distributions.h"
#include "stats/ranks.h"

namespace dayzero::stats {

namespace {

// R enumerates permutations up to this n and uses the Edgeworth series above it.
constexpr int kExactSpearmanMax = 9;
// R's cor.test uses prho (its exact = TRUE default) up to this n, the t approximation above.
constexpr std::size_t kSpearmanPrhoLimit = 1290;

// Pearson's r with long-double centred sums; nullopt when either sample is constant.
std::optional<double> pearson_r(const std::vector<double>& x, const std::vector<double>& y) {
    const auto n = static_cast<long double>(x.size());
    long double mx = 0.0L, my = 0.0L;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    long double sxx = 0.0L, syy = 0.0L, sxy = 0.0L;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const long double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (sxx <= 0.0L || syy <= 0.0L) return std::nullopt;
    const double r = static_cast<double>(sxy / std::sqrt(sxx * syy));
    return std::clamp(r, -1.0, 1.0);
}

// The upper (or lower) tail probability of S through the t approximation R uses with ties.
double spearman_t_tail(double s, double n, bool lower_tail) {
    const double rho = 1.0 - s / (n * (n * n - 1.0) / 6.0);
    const double t = rho / std::sqrt((1.0 - rho * rho) / (n - 2.0));
    // S large means rho small: the upper tail of S is the lower tail of t.
    return lower_tail ? pt_upper(t, n - 2.0) : pt(t, n - 2.0);
}

void pearson(const std::vector<double>& x, const std::vector<double>& y,
             const CorrelationOptions& o, CorrelationResult& r) {
    const auto n = static_cast<double>(x.size());
    const auto est = pearson_r(x, y);
    if (!est) {
        r.not_computable = not_computable_reason("a sample is constant (zero variance)");
        return;
    }
    const double rho = *est;
    const double df = n - 2.0;
    const double t = std::sqrt(df) * rho / std::sqrt(1.0 - rho * rho);
    r.estimate = rho;
    r.statistic = t;
    switch (o.alternative) {
        case Alternative::kTwoSided:
            r.p = 2.0 * std::min(pt(t, df), pt_upper(t, df));
            break;
        case Alternative::kLess:
            r.p = pt(t, df);
            break;
        case Alternative::kGreater:
            r.p = pt_upper(t, df);
            break;
    }
    if (x.size() > 3) {
        const double z = std::atanh(rho);
        const double sigma = 1.0 / std::sqrt(n - 3.0);
        const double inf = std::numeric_limits<double>::infinity();
        double low = -inf, high = inf;
        if (o.alternative == Alternative::kTwoSided) {
            const double q = qnorm((1.0 + o.conf_level) / 2.0);
            low = z - sigma * q;
            high = z + sigma * q;
        } else if (o.alternative == Alternative::kLess) {
            high = z + sigma * qnorm(o.conf_level);
        } else {
            low = z - sigma * qnorm(o.conf_level);
        }
        r.conf_low = std::tanh(low);
        r.conf_high = std::tanh(high);
    }
}

void spearman(const std::vector<double>& x, const std::vector<double>& y,
              const CorrelationOptions& o, CorrelationResult& r) {
    std::vector<long> ties_x, ties_y;
    const std::vector<double> rx = average_ranks(x, ties_x);
    const std::vector<double> ry = average_ranks(y, ties_y);
    const auto est = pearson_r(rx, ry);
    if (!est) {
        r.not_computable = not_computable_reason("a sample is constant (zero variance)");
        return;
    }
    const auto n = static_cast<double>(x.size());
    const double rho = *est;
    const double s = (n * n * n - n) * (1.0 - rho) / 6.0;
    r.estimate = rho;
    r.statistic = s;
    const bool ties = ties_x.size() != x.size() || ties_y.size() != y.size();
    bool exact = x.size() <= kSpearmanPrhoLimit;
    if (ties) {
        exact = false;
        r.warnings.emplace_back("Cannot compute exact p-value with ties");
    }
    r.exact = exact;
    const int ni = static_cast<int>(x.size());
    // As R: the exact tails are called with round(S), plus 2 for the lower tail (P(S < s + 2)
    // is P(S <= s) since S is even without ties).
    auto tail = [&](double q, bool lower) {
        return exact ? spearman_tail(std::nearbyint(q) + (lower ? 2.0 : 0.0), ni, lower)
                     : spearman_t_tail(q, n, lower);
    };
    switch (o.alternative) {
        case Alternative::kTwoSided: {
            const double p = s > (n * n * n - n) / 6.0 ? tail(s, false) : tail(s, true);
            r.p = std::min(2.0 * p, 1.0);
            break;
        }
        case Alternative::kGreater:
            r.p = tail(s, true);
            break;
        case Alternative::kLess:
            r.p = tail(s, false);
            break;
    }
}

}  // namespace

double spearman_tail(double s, int n, bool lower_tail) {
    const double none = lower_tail ? 0.0 : 1.0;
    if (n <= 1 || s <= 0.0) return none;
    const double nd = n;
    const double max_s = nd * (nd * nd - 1.0) / 3.0;
    if (s > max_s) return 1.0 - none;
    if (n <= kExactSpearmanMax) {
        std::vector<int> perm(static_cast<std::size_t>(n));
        std::iota(perm.begin(), perm.end(), 0);
        long long at_least = 0, total = 0;
        do {
            long long sum = 0;
            for (int i = 0; i < n; ++i) {
                const long long d = i - perm[static_cast<std::size_t>(i)];
                sum += d * d;
            }
            if (static_cast<double>(sum) >= s) ++at_least;
            ++total;
        } while (std::next_permutation(perm.begin(), perm.end()));
        const long long count = lower_tail ? total - at_least : at_least;
        return static_cast<double>(count) / static_cast<double>(total);
    }
    // AS 89's Edgeworth series (Best & Roberts 1975), with R's coefficients and standardisation.
    const double b = 1.0 / nd;
    const double x = (6.0 * (s - 1.0) * b / (nd * nd - 1.0) - 1.0) * std::sqrt(nd - 1.0);
    double y = x * x;
    const double u = x * b *
                     (0.2274 + b * (0.2531 + 0.1745 * b) +
                      y * (-0.0758 + b * (0.1033 + 0.3932 * b) -
                           y * b *
                               (0.0879 + 0.0151 * b -
                                y * (0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y)))));
    y = u / std::exp(y / 2.0);
    const double p = lower_tail ? pnorm(x) - y : pnorm_upper(x) + y;
    return std::clamp(p, 0.0, 1.0);
}

CorrelationResult correlation_test(const std::vector<double>& x_in, const std::vector<double>& y_in,
                                   const CorrelationOptions& options) {
    CorrelationResult r;
    if (x_in.size() != y_in.size()) {
        r.not_computable = not_computable_reason("the two samples differ in length");
        return r;
    }
    std::vector<double> x, y;
    for (std::size_t i = 0; i < x_in.size(); ++i) {
        if (std::isnan(x_in[i]) || std::isnan(y_in[i])) continue;
        x.push_back(x_in[i]);
        y.push_back(y_in[i]);
    }
    r.n = x.size();
    const bool is_pearson = options.method == CorrelationMethod::kPearson;
    if (x.size() < (is_pearson ? 3u : 2u)) {
        r.not_computable =
            not_computable_reason("not enough complete pairs (" + std::to_string(x.size()) + ")");
        return r;
    }
    if (is_pearson) {
        pearson(x, y, options, r);
    } else {
        spearman(x, y, options, r);
    }
    return r;
}

}  // namespace dayzero::stats
