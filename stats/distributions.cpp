#include "stats/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace dayzero::stats {

namespace {

// Boost's default policy throws; this library never throws, so invalid arguments (which the
// headers rule out) give NaN and overflow gives infinity instead.
using Policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

// True for a valid hypergeometric configuration.
bool valid_hyper(std::int64_t white, std::int64_t black, std::int64_t draws) {
    return white >= 0 && black >= 0 && draws >= 0 && draws <= white + black &&
           white + black <= std::numeric_limits<unsigned>::max();
}

}  // namespace

double pnorm(double z) {
    if (z == -std::numeric_limits<double>::infinity()) {
        return 0.0;
    }
    if (z == std::numeric_limits<double>::infinity()) {
        return 1.0;
    }
    return boost::math::cdf(boost::math::normal_distribution<double, Policy>(), z);
}

double pnorm_upper(double z) {
    return pnorm(-z);
}

double qnorm(double p) {
    return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
}

double pchisq_upper(double x, double df) {
    if (x <= 0.0) {
        return 1.0;
    }
    if (x == std::numeric_limits<double>::infinity()) {
        return 0.0;
    }
    return boost::math::cdf(
        boost::math::complement(boost::math::chi_squared_distribution<double, Policy>(df), x));
}

double pt(double t, double df) {
    if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
    return boost::math::cdf(boost::math::students_t_distribution<double, Policy>(df), t);
}

double pt_upper(double t, double df) {
    return pt(-t, df);
}

double qt(double p, double df) {
    if (p <= 0.0) return -std::numeric_limits<double>::infinity();
    if (p >= 1.0) return std::numeric_limits<double>::infinity();
    return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(df), p);
}

double qbeta(double p, double a, double b) {
    return boost::math::quantile(boost::math::beta_distribution<double, Policy>(a, b), p);
}

double pgamma(double x, double shape, double scale) {
    if (x <= 0.0) {
        return 0.0;
    }
    return boost::math::cdf(boost::math::gamma_distribution<double, Policy>(shape, scale), x);
}

double dhyper(std::int64_t k, std::int64_t white, std::int64_t black, std::int64_t draws) {
    if (!valid_hyper(white, black, draws)) {
        return 0.0;
    }
    const std::int64_t total = white + black;
    const std::int64_t lo = std::max<std::int64_t>(0, draws - black);
    const std::int64_t hi = std::min(draws, white);
    if (k < lo || k > hi) {
        return 0.0;
    }
    // Boost's hypergeometric is (defective r, sample n, total N) with unsigned arguments.
    boost::math::hypergeometric_distribution<double, Policy> dist(
        static_cast<unsigned>(white), static_cast<unsigned>(draws), static_cast<unsigned>(total));
    return boost::math::pdf(dist, static_cast<unsigned>(k));
}

double phyper(std::int64_t k, std::int64_t white, std::int64_t black, std::int64_t draws) {
    if (!valid_hyper(white, black, draws)) {
        return 0.0;
    }
    const std::int64_t lo = std::max<std::int64_t>(0, draws - black);
    const std::int64_t hi = std::min(draws, white);
    if (k < lo) {
        return 0.0;
    }
    if (k >= hi) {
        return 1.0;
    }
    boost::math::hypergeometric_distribution<double, Policy> dist(
        static_cast<unsigned>(white), static_cast<unsigned>(draws),
        static_cast<unsigned>(white + black));
    return boost::math::cdf(dist, static_cast<unsigned>(k));
}

double log_factorial(std::int64_t n) {
    return boost::math::lgamma(static_cast<double>(n) + 1.0, Policy());
}

}  // namespace dayzero::stats
