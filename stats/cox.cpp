#include "stats/cox.h"

#include <cmath>

#include "stats/cox_efron.h"
#include "stats/dense_matrix.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

// Log partial likelihood, score and information at one beta.
struct Likelihood {
    double loglik = 0.0;
    std::vector<double> score;
    SquareMatrix information;
};

Likelihood likelihood_at(const detail::CoxWork& work, const std::vector<double>& beta) {
    const std::size_t p = work.columns;
    Likelihood out{0.0, std::vector<double>(p, 0.0), SquareMatrix(p)};
    for (const auto& et : detail::efron_times(work, beta)) {
        out.loglik += et.dead_eta_sum - et.log_risk_sum;
        for (std::size_t j = 0; j < p; ++j) {
            out.score[j] += et.dead_x_sum[j] - et.mean_sum[j];
            for (std::size_t k = 0; k < p; ++k)
                out.information(j, k) += et.variance_sum(j, k);
        }
    }
    return out;
}

std::string validate(const CoxData& data) {
    const std::size_t n = data.time.size();
    if (n == 0) return "no subjects";
    if (data.event.size() != n || data.design.rows.size() != n) {
        return "times, events and covariates differ in length";
    }
    if (data.design.columns.empty()) return "no covariates";
    if (!data.design.valid()) return "covariates are not all finite numbers";
    for (double t : data.time) {
        if (!std::isfinite(t) || t < 0.0) return "follow-up times must be finite and >= 0";
    }
    return {};
}

}  // namespace

CoxFit cox_regression(const CoxData& data, const CoxControl& control) {
    CoxFit fit;
    fit.n = static_cast<std::int64_t>(data.time.size());
    for (bool e : data.event)
        fit.events += e ? 1 : 0;
    if (const std::string why = validate(data); !why.empty()) {
        fit.not_computable = not_computable_reason(why);
        return fit;
    }
    if (fit.events == 0) {
        fit.not_computable = not_computable_reason("no events");
        return fit;
    }
    const detail::CoxWork work = detail::prepare_cox(data.time, data.event, data.design.rows);
    const std::size_t p = work.columns;
    const double toler = default_cholesky_tolerance();

    std::vector<double> beta(p, 0.0);
    Likelihood current = likelihood_at(work, beta);
    fit.loglik_null = current.loglik;
    const CholeskyFactor initial(current.information, toler);
    const std::vector<double> score_step = initial.solve(current.score);
    double score_stat = 0.0;
    for (std::size_t j = 0; j < p; ++j)
        score_stat += current.score[j] * score_step[j];

    // Newton-Raphson as coxph's coxfit6: a step that lowers the log likelihood is halved (each
    // halving counts as an iteration); convergence needs a full (unhalved) step.
    std::vector<double> next(p);
    for (std::size_t j = 0; j < p; ++j)
        next[j] = beta[j] + score_step[j];
    Likelihood trial;
    bool halving = false;
    for (int iter = 1; iter <= control.iter_max; ++iter) {
        fit.iterations = iter;
        trial = likelihood_at(work, next);
        if (std::isfinite(trial.loglik) &&
            std::fabs(1.0 - current.loglik / trial.loglik) <= control.eps && !halving) {
            fit.converged = true;
            beta = next;
            current = trial;
            break;
        }
        if (iter == control.iter_max) break;
        if (!std::isfinite(trial.loglik) || trial.loglik < current.loglik) {
            halving = true;
            for (std::size_t j = 0; j < p; ++j)
                next[j] = 0.5 * (next[j] + beta[j]);
            continue;
        }
        halving = false;
        beta = next;
        current = trial;
        const std::vector<double> step =
            CholeskyFactor(current.information, toler).solve(current.score);
        for (std::size_t j = 0; j < p; ++j)
            next[j] = beta[j] + step[j];
    }
    if (!fit.converged) {
        // coxph reports the last point reached; so do we, loudly.
        if (std::isfinite(trial.loglik) && trial.loglik >= current.loglik) {
            beta = next;
            current = trial;
        }
        fit.warnings.push_back("ran out of iterations (" + std::to_string(control.iter_max) +
                               ") and did not converge");
    }
    fit.loglik = current.loglik;

    const CholeskyFactor final_factor(current.information, toler);
    const SquareMatrix variance = final_factor.inverse();
    const std::vector<double> next_step = final_factor.solve(current.score);
    fit.beta = beta;
    fit.variance.assign(p, std::vector<double>(p, 0.0));
    std::vector<double> estimable_beta(p, 0.0);
    int df = 0;
    for (std::size_t j = 0; j < p; ++j) {
        for (std::size_t k = 0; k < p; ++k)
            fit.variance[j][k] = variance(j, k);
        Coefficient c;
        c.name = data.design.columns[j];
        if (final_factor.singular(j)) {
            c.aliased = true;
            fit.beta[j] = 0.0;
            fit.warnings.push_back("'" + c.name +
                                   "' is not estimated: it is a linear combination of the "
                                   "covariates before it (R: NA)");
        } else {
            ++df;
            estimable_beta[j] = beta[j];
            c.estimate = beta[j];
            c.std_error = std::sqrt(variance(j, j));
            complete_wald(c, control.conf_level);
            // coxph's check: the log likelihood has flattened while this coefficient would
            // still move by a lot, so the maximum lies at infinity (monotone likelihood).
            const double move = std::fabs(next_step[j]);
            if (fit.converged && move > control.eps &&
                move > control.toler_inf * std::fabs(beta[j])) {
                c.may_be_infinite = true;
                fit.warnings.push_back("the log likelihood converged before '" + c.name +
                                       "' did: its coefficient may be infinite");
            }
        }
        fit.coefficients.push_back(std::move(c));
    }
    fit.likelihood_ratio = chi_squared_model_test(2.0 * (*fit.loglik - *fit.loglik_null), df);
    SquareMatrix information_estimable(p);
    for (std::size_t j = 0; j < p; ++j) {
        for (std::size_t k = 0; k < p; ++k) {
            if (!final_factor.singular(j) && !final_factor.singular(k)) {
                information_estimable(j, k) = current.information(j, k);
            }
        }
    }
    fit.wald = chi_squared_model_test(quadratic_form(information_estimable, estimable_beta), df);
    fit.score = chi_squared_model_test(score_stat, df);
    return fit;
}

}  // namespace dayzero::stats
