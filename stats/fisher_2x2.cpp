#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/distributions.h"
#include "stats/fisher.h"
#include "stats/root_finding.h"

namespace dayzero::stats {

namespace {

constexpr double kRelativeTolerance = 1.0 + 1e-7;  // fisher.test's relErr
constexpr double kInf = std::numeric_limits<double>::infinity();

// The non-central hypergeometric distribution of the [0][0] cell given the margins.
class NoncentralHypergeometric {
  public:
    NoncentralHypergeometric(std::int64_t m, std::int64_t n, std::int64_t k)
        : lo_(std::max<std::int64_t>(0, k - n)), hi_(std::min(k, m)) {
        for (std::int64_t s = lo_; s <= hi_; ++s) {
            log_null_.push_back(log_factorial(m) - log_factorial(s) - log_factorial(m - s) +
                                log_factorial(n) - log_factorial(k - s) - log_factorial(n - k + s) -
                                log_factorial(m + n) + log_factorial(k) + log_factorial(m + n - k));
        }
    }

    std::int64_t lo() const { return lo_; }
    std::int64_t hi() const { return hi_; }

    // Probabilities of lo..hi under odds ratio ncp (0 < ncp < inf), scaled by the maximum.
    std::vector<double> density(double ncp) const {
        std::vector<double> d(log_null_.size());
        double top = -kInf;
        for (std::size_t i = 0; i < d.size(); ++i) {
            d[i] = log_null_[i] + std::log(ncp) * static_cast<double>(lo_ + to_signed(i));
            top = std::max(top, d[i]);
        }
        double total = 0.0;
        for (double& v : d) {
            v = std::exp(v - top);
            total += v;
        }
        for (double& v : d) {
            v /= total;
        }
        return d;
    }

    // Expected value of the cell under odds ratio ncp.
    double mean(double ncp) const {
        if (ncp == 0.0) {
            return static_cast<double>(lo_);
        }
        if (ncp == kInf) {
            return static_cast<double>(hi_);
        }
        const std::vector<double> d = density(ncp);
        double mu = 0.0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            mu += static_cast<double>(lo_ + to_signed(i)) * d[i];
        }
        return mu;
    }

    // P(X <= q) (or P(X >= q) when upper) under odds ratio ncp.
    double cdf(std::int64_t q, double ncp, bool upper) const {
        if (ncp == 0.0) {
            return (upper ? q <= lo_ : q >= lo_) ? 1.0 : 0.0;
        }
        if (ncp == kInf) {
            return (upper ? q <= hi_ : q >= hi_) ? 1.0 : 0.0;
        }
        const std::vector<double> d = density(ncp);
        double p = 0.0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            const std::int64_t s = lo_ + to_signed(i);
            if (upper ? s >= q : s <= q) {
                p += d[i];
            }
        }
        return p;
    }

  private:
    static std::int64_t to_signed(std::size_t i) { return static_cast<std::int64_t>(i); }

    std::int64_t lo_;
    std::int64_t hi_;
    std::vector<double> log_null_;
};

// Conditional MLE of the odds ratio, solved exactly as fisher.test's mle().
std::optional<double> conditional_mle(const NoncentralHypergeometric& h, std::int64_t x) {
    if (x == h.lo()) {
        return 0.0;
    }
    if (x == h.hi()) {
        return kInf;
    }
    const auto target = static_cast<double>(x);
    const double mu = h.mean(1.0);
    if (mu > target) {
        return brent_root([&](double t) { return h.mean(t) - target; }, 0.0, 1.0);
    }
    if (mu < target) {
        auto root = brent_root([&](double t) { return h.mean(1.0 / t) - target; },
                               std::numeric_limits<double>::epsilon(), 1.0);
        return root ? std::optional<double>(1.0 / *root) : std::nullopt;
    }
    return 1.0;
}

// Upper confidence limit for the odds ratio at level alpha (fisher.test's ncp.U).
std::optional<double> upper_limit(const NoncentralHypergeometric& h, std::int64_t x, double alpha) {
    if (x == h.hi()) {
        return kInf;
    }
    const double p = h.cdf(x, 1.0, false);
    if (p < alpha) {
        return brent_root([&](double t) { return h.cdf(x, t, false) - alpha; }, 0.0, 1.0);
    }
    if (p > alpha) {
        auto root = brent_root([&](double t) { return h.cdf(x, 1.0 / t, false) - alpha; },
                               std::numeric_limits<double>::epsilon(), 1.0);
        return root ? std::optional<double>(1.0 / *root) : std::nullopt;
    }
    return 1.0;
}

// Lower confidence limit for the odds ratio at level alpha (fisher.test's ncp.L).
std::optional<double> lower_limit(const NoncentralHypergeometric& h, std::int64_t x, double alpha) {
    if (x == h.lo()) {
        return 0.0;
    }
    const double p = h.cdf(x, 1.0, true);
    if (p > alpha) {
        return brent_root([&](double t) { return h.cdf(x, t, true) - alpha; }, 0.0, 1.0);
    }
    if (p < alpha) {
        auto root = brent_root([&](double t) { return h.cdf(x, 1.0 / t, true) - alpha; },
                               std::numeric_limits<double>::epsilon(), 1.0);
        return root ? std::optional<double>(1.0 / *root) : std::nullopt;
    }
    return 1.0;
}

}  // namespace

FisherResult fisher_exact_2x2(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d,
                              const FisherOptions& options) {
    FisherResult result;
    const std::int64_t m = a + c;  // first column
    const std::int64_t n = b + d;  // second column
    const std::int64_t k = a + b;  // first row
    const NoncentralHypergeometric h(m, n, k);
    const std::int64_t x = a;
    switch (options.alternative) {
        case Alternative::kLess:
            result.p = h.cdf(x, 1.0, false);
            break;
        case Alternative::kGreater:
            result.p = h.cdf(x, 1.0, true);
            break;
        case Alternative::kTwoSided: {
            const std::vector<double> density = h.density(1.0);
            const double observed = density[static_cast<std::size_t>(x - h.lo())];
            double p = 0.0;
            for (double v : density) {
                if (v <= observed * kRelativeTolerance) {
                    p += v;
                }
            }
            result.p = std::min(1.0, p);
            break;
        }
    }
    const double level = options.conf_level;
    result.odds_ratio = conditional_mle(h, x);
    switch (options.alternative) {
        case Alternative::kLess:
            result.conf_low = 0.0;
            result.conf_high = upper_limit(h, x, 1.0 - level);
            break;
        case Alternative::kGreater:
            result.conf_low = lower_limit(h, x, 1.0 - level);
            result.conf_high = kInf;
            break;
        case Alternative::kTwoSided:
            result.conf_low = lower_limit(h, x, (1.0 - level) / 2.0);
            result.conf_high = upper_limit(h, x, (1.0 - level) / 2.0);
            break;
    }
    return result;
}

}  // namespace dayzero::stats
