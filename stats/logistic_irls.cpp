#include "stats/logistic_irls.h"

#include <cmath>
#include <limits>

namespace dayzero::stats::detail {

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The binomial logit link exactly as R's C code, which clamps |eta| > 30.
double link_inverse(double eta) {
    const double t = eta < -30.0 ? kEps : (eta > 30.0 ? 1.0 / kEps : std::exp(eta));
    return t / (1.0 + t);
}

double mu_eta(double eta) {
    if (eta > 30.0 || eta < -30.0) return kEps;
    const double e = std::exp(eta);
    return e / ((1.0 + e) * (1.0 + e));
}

double deviance_of(const std::vector<double>& y, const std::vector<double>& mu) {
    double dev = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        dev += 2.0 * (y[i] > 0.5 ? -std::log(mu[i]) : -std::log(1.0 - mu[i]));
    }
    return dev;
}

void predict(const IrlsProblem& pr, const std::vector<double>& beta, IrlsResult& r) {
    for (std::size_t i = 0; i < pr.y.size(); ++i) {
        double eta = pr.offset[i];
        for (std::size_t j = 0; j < beta.size(); ++j)
            eta += pr.x[i][j] * beta[j];
        r.eta[i] = eta;
        r.mu[i] = link_inverse(eta);
    }
    r.deviance = deviance_of(pr.y, r.mu);
}

}  // namespace

IrlsProblem with_intercept(const LogisticData& data) {
    IrlsProblem p;
    for (std::size_t i = 0; i < data.outcome.size(); ++i) {
        std::vector<double> row{1.0};
        row.insert(row.end(), data.design.rows[i].begin(), data.design.rows[i].end());
        p.x.push_back(std::move(row));
        p.y.push_back(data.outcome[i] ? 1.0 : 0.0);
    }
    p.offset.assign(p.y.size(), 0.0);
    return p;
}

IrlsResult irls(const IrlsProblem& pr, const LogisticControl& control) {
    const std::size_t n = pr.y.size();
    const std::size_t p = pr.x.empty() ? 0 : pr.x[0].size();
    IrlsResult r;
    r.beta.assign(p, 0.0);
    r.eta.assign(n, 0.0);
    r.mu.assign(n, 0.0);
    if (pr.eta_start.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
            const double m = (pr.y[i] + 0.5) / 2.0;
            r.eta[i] = std::log(m / (1.0 - m));
        }
    } else {
        r.eta = pr.eta_start;
    }
    for (std::size_t i = 0; i < n; ++i)
        r.mu[i] = link_inverse(r.eta[i]);
    double dev_old = deviance_of(pr.y, r.mu);
    if (p == 0) {  // nothing to fit: the offset alone
        predict(pr, r.beta, r);
        r.converged = true;
        return r;
    }
    std::optional<std::vector<double>> coef_old;
    const double toler = default_cholesky_tolerance();
    for (int iter = 1; iter <= control.maxit; ++iter) {
        r.iterations = iter;
        SquareMatrix xtwx(p);
        std::vector<double> xtwz(p, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const double d = mu_eta(r.eta[i]);
            const double variance = r.mu[i] * (1.0 - r.mu[i]);
            const double z = (r.eta[i] - pr.offset[i]) + (pr.y[i] - r.mu[i]) / d;
            const double w = d * d / variance;
            for (std::size_t j = 0; j < p; ++j) {
                xtwz[j] += w * pr.x[i][j] * z;
                for (std::size_t k = 0; k <= j; ++k)
                    xtwx(j, k) += w * pr.x[i][j] * pr.x[i][k];
            }
        }
        for (std::size_t j = 0; j < p; ++j) {
            for (std::size_t k = j + 1; k < p; ++k)
                xtwx(j, k) = xtwx(k, j);
        }
        r.factor = CholeskyFactor(xtwx, toler);
        std::vector<double> beta = r.factor.solve(xtwz);
        predict(pr, beta, r);
        if (!std::isfinite(r.deviance)) {
            // glm.fit halves the step back towards the previous coefficients.
            if (!coef_old) {
                r.failed = true;
                return r;
            }
            for (int half = 0; half < control.maxit && !std::isfinite(r.deviance); ++half) {
                for (std::size_t j = 0; j < p; ++j)
                    beta[j] = 0.5 * (beta[j] + (*coef_old)[j]);
                predict(pr, beta, r);
            }
            if (!std::isfinite(r.deviance)) {
                r.failed = true;
                return r;
            }
        }
        r.beta = beta;
        if (std::fabs(r.deviance - dev_old) / (std::fabs(r.deviance) + 0.1) < control.epsilon) {
            r.converged = true;
            break;
        }
        dev_old = r.deviance;
        coef_old = beta;
    }
    return r;
}

double null_deviance(const IrlsProblem& problem) {
    double mean = 0.0;
    for (double y : problem.y)
        mean += y / static_cast<double>(problem.y.size());
    return deviance_of(problem.y, std::vector<double>(problem.y.size(), mean));
}

}  // namespace dayzero::stats::detail
