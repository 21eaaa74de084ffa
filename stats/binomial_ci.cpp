#include "stats/binomial_ci.h"

#include "stats/distributions.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

ProportionInterval clopper_pearson(std::int64_t x, std::int64_t n, double conf_level) {
    ProportionInterval r;
    if (n <= 0 || x < 0 || x > n) {
        r.not_computable = not_computable_reason(n <= 0 ? "no patients to take a proportion of"
                                                        : "count " + std::to_string(x) +
                                                              " outside 0.." + std::to_string(n));
        return r;
    }
    const double alpha = 1.0 - conf_level;
    const auto xd = static_cast<double>(x);
    const auto nd = static_cast<double>(n);
    r.estimate = xd / nd;
    r.conf_low = x == 0 ? 0.0 : qbeta(alpha / 2.0, xd, nd - xd + 1.0);
    r.conf_high = x == n ? 1.0 : qbeta(1.0 - alpha / 2.0, xd + 1.0, nd - xd);
    return r;
}

}  // namespace dayzero::stats
