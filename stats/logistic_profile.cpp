// Profile-likelihood intervals of logistic coefficients exactly as R 4.2's confint(glm) (MASS
// 7.3: profile.glm, then confint.profile.glm), so the limits agree with R to rounding: the
// profile is sampled at MASS's steps and read off through the same spline and interpolation.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "stats/distributions.h"
#include "stats/interpolation.h"
#include "stats/logistic_irls.h"

namespace dayzero::stats::detail {

ProfileLimits profile_limits(const IrlsProblem& problem, const IrlsResult& fit,
                             const LogisticFit& summary, const LogisticControl& control) {
    const std::size_t p = summary.coefficients.size();
    const std::size_t n = problem.y.size();
    ProfileLimits out;
    out.lower.assign(p, std::nullopt);
    out.upper.assign(p, std::nullopt);
    // confint.glm profiles with alpha = (1 - level) / 4; zmax = sqrt(qchisq(1 - alpha, 1)).
    const double alpha = (1.0 - control.conf_level) / 4.0;
    const double zmax = qnorm(1.0 - alpha / 2.0);
    const double del = zmax / 5.0;
    constexpr int kMaxSteps = 10;
    const double cut_low = qnorm((1.0 - control.conf_level) / 2.0);
    const double cut_high = -cut_low;
    bool better_found = false;
    for (std::size_t i = 0; i < p; ++i) {
        const Coefficient& c = summary.coefficients[i];
        if (c.aliased || !c.estimate || !c.std_error) continue;
        // The model without column i (and without aliased columns); column i enters as offset.
        IrlsProblem reduced;
        reduced.y = problem.y;
        reduced.x.assign(n, {});
        for (std::size_t r = 0; r < n; ++r) {
            for (std::size_t j = 0; j < p; ++j) {
                if (j != i && !summary.coefficients[j].aliased)
                    reduced.x[r].push_back(problem.x[r][j]);
            }
        }
        std::vector<double> z_values{0.0};
        std::vector<double> b_values{*c.estimate};
        bool broken = false;
        for (int sign : {-1, 1}) {
            std::vector<double> lp(n);
            for (std::size_t r = 0; r < n; ++r) {
                double eta = 0.0;
                for (std::size_t j = 0; j < p; ++j)
                    eta += problem.x[r][j] * fit.beta[j];
                lp[r] = eta;
            }
            double z = 0.0;
            for (int step = 1; step < kMaxSteps && std::fabs(z) < zmax; ++step) {
                const double bi = *c.estimate + sign * step * del * *c.std_error;
                reduced.offset.assign(n, 0.0);
                for (std::size_t r = 0; r < n; ++r)
                    reduced.offset[r] = problem.x[r][i] * bi;
                reduced.eta_start = lp;
                const IrlsResult sub = irls(reduced, control);
                lp = sub.eta;
                double zz = sub.deviance - fit.deviance;
                if (!(zz > -0.001)) {
                    broken = true;
                    break;
                }
                zz = std::max(zz, 0.0);
                z = sign * std::sqrt(zz);
                z_values.push_back(z);
                b_values.push_back(bi);
            }
            if (broken) break;
        }
        if (broken) {
            better_found = true;
            continue;
        }
        // MASS orders the points by z before handing them to spline().
        std::vector<std::size_t> order(z_values.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return z_values[a] < z_values[b]; });
        std::vector<double> xs, ys;
        for (std::size_t k : order) {
            xs.push_back(b_values[k]);
            ys.push_back(z_values[k]);
        }
        const Curve sp = fmm_spline(xs, ys);
        const auto lo = linear_approx(sp.y, sp.x, cut_low);
        const auto hi = linear_approx(sp.y, sp.x, cut_high);
        if (lo) out.lower[i] = std::exp(*lo);
        if (hi) out.upper[i] = std::exp(*hi);
    }
    if (better_found) {
        out.warnings.push_back(
            "profiling found a better fit than the estimate (the fit had not converged): no "
            "profile interval for some coefficients");
    }
    return out;
}

}  // namespace dayzero::stats::detail
