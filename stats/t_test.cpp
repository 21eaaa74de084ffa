#include "stats/t_test.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/descriptives.h"
#include "stats/distributions.h"

namespace dayzero::stats {

namespace {

// Sample variance with a long-double sum of squared deviations (n >= 2).
double variance(const std::vector<double>& v, double mean) {
    long double ss = 0.0L;
    for (const double x : v) {
        const long double d = static_cast<long double>(x) - mean;
        ss += d * d;
    }
    return static_cast<double>(ss / static_cast<long double>(v.size() - 1));
}

}  // namespace

TTestResult t_test(const std::vector<double>& x_in, const std::vector<double>& y_in,
                   const TTestOptions& options) {
    TTestResult r;
    const std::vector<double> x = drop_nan(x_in);
    const std::vector<double> y = drop_nan(y_in);
    const auto nx = static_cast<double>(x.size());
    const auto ny = static_cast<double>(y.size());
    const bool pooled = options.equal_variance;
    r.method = pooled ? "Two Sample t-test" : "Welch Two Sample t-test";
    if (x.empty() || (!pooled && x.size() < 2)) {
        r.not_computable = not_computable_reason("not enough values in the first group");
        return r;
    }
    if (y.empty() || (!pooled && y.size() < 2)) {
        r.not_computable = not_computable_reason("not enough values in the second group");
        return r;
    }
    if (pooled && x.size() + y.size() < 3) {
        r.not_computable = not_computable_reason("not enough values (needs 3 in all)");
        return r;
    }
    const double mx = *describe(x).mean;
    const double my = *describe(y).mean;
    const double vx = x.size() > 1 ? variance(x, mx) : 0.0;
    const double vy = y.size() > 1 ? variance(y, my) : 0.0;
    double se = 0.0;
    double df = 0.0;
    if (pooled) {
        df = nx + ny - 2.0;
        const double v = ((nx - 1.0) * vx + (ny - 1.0) * vy) / df;
        se = std::sqrt(v * (1.0 / nx + 1.0 / ny));
    } else {
        const double sx2 = vx / nx;
        const double sy2 = vy / ny;
        se = std::sqrt(sx2 + sy2);
        df = std::pow(se, 4) / (sx2 * sx2 / (nx - 1.0) + sy2 * sy2 / (ny - 1.0));
    }
    // R's own threshold for "data are essentially constant".
    if (se <
        10.0 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(mx), std::fabs(my))) {
        r.not_computable = not_computable_reason("data are essentially constant");
        return r;
    }
    const double t = (mx - my) / se;
    const double inf = std::numeric_limits<double>::infinity();
    const double alpha = 1.0 - options.conf_level;
    double low = -inf;
    double high = inf;
    switch (options.alternative) {
        case Alternative::kTwoSided: {
            r.p = 2.0 * pt(-std::fabs(t), df);
            const double q = qt(1.0 - alpha / 2.0, df);
            low = (t - q) * se;
            high = (t + q) * se;
            break;
        }
        case Alternative::kLess:
            r.p = pt(t, df);
            high = (t + qt(options.conf_level, df)) * se;
            break;
        case Alternative::kGreater:
            r.p = pt_upper(t, df);
            low = (t - qt(options.conf_level, df)) * se;
            break;
    }
    r.t = t;
    r.df = df;
    r.mean_x = mx;
    r.mean_y = my;
    r.conf_low = low;
    r.conf_high = high;
    return r;
}

}  // namespace dayzero::stats
