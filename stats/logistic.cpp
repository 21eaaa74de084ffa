#include "stats/logistic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/dense_matrix.h"
#include "stats/distributions.h"
#include "stats/logistic_irls.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

std::string validate(const LogisticData& data) {
    if (data.outcome.empty()) return "no subjects";
    if (data.design.rows.size() != data.outcome.size()) {
        return "outcomes and covariates differ in length";
    }
    if (data.design.columns.empty()) return "no covariates";
    if (!data.design.valid()) return "covariates are not all finite numbers";
    // glm fits one anyway: the intercept runs off to infinity and every covariate gets OR 1 and
    // p 1, a model of nothing.
    const auto events = std::count(data.outcome.begin(), data.outcome.end(), true);
    if (events == 0) return "no subject had the outcome";
    if (static_cast<std::size_t>(events) == data.outcome.size())
        return "every subject had the outcome";
    return {};
}

// A coefficient that keeps moving when IRLS is run on past convergence diverges: its maximum
// likelihood estimate is infinite (complete or quasi-complete separation). The extra iterations
// go one at a time and stop before one that breaks down: once the separated subjects' weights
// underflow to zero their columns turn singular, the step drops them and the deviance jumps up,
// which moved a finite coefficient (one estimated from the other subjects, as R's stays) as if it
// diverged too.
std::vector<bool> diverging(const detail::IrlsProblem& problem, const detail::IrlsResult& fit,
                            const LogisticControl& control) {
    LogisticControl step = control;
    step.epsilon = 0.0;  // never "converges": exactly one iteration per call
    step.maxit = 1;
    detail::IrlsProblem more = problem;
    more.eta_start = fit.eta;
    std::vector<double> last = fit.beta;
    double deviance = fit.deviance;
    constexpr int kSteps = 10;
    for (int k = 0; k < kSteps; ++k) {
        const detail::IrlsResult next = detail::irls(more, step);
        bool broke = next.failed || !std::isfinite(next.deviance) ||
                     next.deviance > deviance + 1e-8 * (1.0 + std::fabs(deviance));
        for (std::size_t j = 0; j < next.beta.size() && !broke; ++j)
            broke = next.factor.singular(j) && !fit.factor.singular(j);
        if (broke) break;
        last = next.beta;
        deviance = next.deviance;
        more.eta_start = next.eta;
    }
    std::vector<bool> out(fit.beta.size(), false);
    for (std::size_t j = 0; j < fit.beta.size(); ++j) {
        out[j] = std::fabs(last[j] - fit.beta[j]) > 1e-3 * (1.0 + std::fabs(fit.beta[j]));
    }
    return out;
}

}  // namespace

LogisticFit logistic_regression(const LogisticData& data, const LogisticControl& control) {
    LogisticFit out;
    out.n = static_cast<std::int64_t>(data.outcome.size());
    for (bool y : data.outcome)
        out.events += y ? 1 : 0;
    if (const std::string why = validate(data); !why.empty()) {
        out.not_computable = not_computable_reason(why);
        return out;
    }
    const detail::IrlsProblem problem = detail::with_intercept(data);
    const detail::IrlsResult fit = detail::irls(problem, control);
    const std::size_t p = problem.x.empty() ? 0 : problem.x[0].size();
    out.iterations = fit.iterations;
    out.converged = fit.converged;
    out.deviance = fit.deviance;
    out.null_deviance = detail::null_deviance(problem);
    if (!fit.converged) {
        out.warnings.push_back("the fit did not converge in " + std::to_string(control.maxit) +
                               " iterations");
    }
    const double eps = 10.0 * std::numeric_limits<double>::epsilon();
    for (double mu : fit.mu)
        out.fitted_zero_or_one = out.fitted_zero_or_one || mu > 1 - eps || mu < eps;
    // Always checked: R warns only when a fitted probability is within 10 eps of 0 or 1, and
    // quasi-complete separation often stops short of that with a large, finite-looking estimate.
    const std::vector<bool> infinite = diverging(problem, fit, control);
    const SquareMatrix variance = fit.factor.inverse();
    int rank = 0;
    for (std::size_t j = 0; j < p; ++j) {
        Coefficient c;
        c.name = j == 0 ? "(Intercept)" : data.design.columns[j - 1];
        if (fit.factor.singular(j)) {
            c.aliased = true;
            out.warnings.push_back("'" + c.name +
                                   "' is not estimated: it is a linear combination of the "
                                   "covariates before it (R: NA)");
        } else {
            ++rank;
            c.estimate = fit.beta[j];
            c.std_error = std::sqrt(variance(j, j));
            c.may_be_infinite = infinite[j];
            complete_wald(c, control.conf_level);
        }
        out.coefficients.push_back(std::move(c));
    }
    std::string names;
    for (const auto& c : out.coefficients) {
        if (c.may_be_infinite) names += (names.empty() ? "'" : ", '") + c.name + "'";
    }
    if (out.fitted_zero_or_one) {
        out.warnings.push_back("fitted probabilities numerically 0 or 1 occurred (R's warning)");
    }
    if (!names.empty()) {
        out.warnings.push_back("complete or quasi-complete separation: the estimates of " + names +
                               " are infinite (their odds ratios, SEs, Wald p and intervals are "
                               "not meaningful)");
    }
    out.aic = *out.deviance + 2.0 * rank;
    out.likelihood_ratio = chi_squared_model_test(*out.null_deviance - *out.deviance, rank - 1);
    if (control.profile) {
        const detail::ProfileLimits limits = detail::profile_limits(problem, fit, out, control);
        out.profile_lower = limits.lower;
        out.profile_upper = limits.upper;
        for (const auto& w : limits.warnings)
            out.warnings.push_back(w);
    }
    return out;
}

}  // namespace dayzero::stats
