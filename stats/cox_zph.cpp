// The proportional-hazards test of cox.zph (survival >= 3.0): a score test, at the fitted
// beta, of theta = 0 in beta(t) = beta + theta * g(t), using the full 2p x 2p information.
#include <cmath>

#include "stats/cox.h"
#include "stats/cox_efron.h"
#include "stats/dense_matrix.h"
#include "stats/distributions.h"
#include "stats/kaplan_meier.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

// g(t) = 1 - KM(t-): one minus the left-continuous Kaplan-Meier curve of all subjects.
std::vector<double> km_transform(const detail::CoxWork& work, const std::vector<double>& at) {
    std::vector<SurvivalObservation> obs;
    for (std::size_t i = 0; i < work.time.size(); ++i)
        obs.push_back({work.time[i], work.event[i]});
    const KaplanMeierFit km = kaplan_meier(obs);
    std::vector<double> out;
    for (double t : at) {
        double surv = 1.0;
        for (const auto& row : km.rows) {
            if (row.time >= t) break;
            surv = row.surv;
        }
        out.push_back(1.0 - surv);
    }
    return out;
}

// The score statistic u' A^-1 u over the chosen rows/columns of the 2p system.
std::optional<double> score_statistic(const SquareMatrix& imat, const std::vector<double>& u,
                                      const std::vector<std::size_t>& keep) {
    SquareMatrix sub(keep.size());
    std::vector<double> v(keep.size());
    for (std::size_t a = 0; a < keep.size(); ++a) {
        v[a] = u[keep[a]];
        for (std::size_t b = 0; b < keep.size(); ++b)
            sub(a, b) = imat(keep[a], keep[b]);
    }
    const CholeskyFactor factor(sub, default_cholesky_tolerance());
    if (factor.rank() != keep.size()) return std::nullopt;  // R's solve() would fail
    const std::vector<double> x = factor.solve(v);
    double stat = 0.0;
    for (std::size_t a = 0; a < keep.size(); ++a)
        stat += x[a] * v[a];
    return stat;
}

}  // namespace

ZphResult cox_zph(const CoxData& data, const CoxFit& fit) {
    ZphResult out;
    if (!fit.not_computable.empty()) {
        out.not_computable = fit.not_computable;
        return out;
    }
    // Aliased columns leave the test, as cox.zph drops NA coefficients.
    std::vector<std::size_t> used;
    for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
        if (!fit.coefficients[j].aliased) used.push_back(j);
    }
    const std::size_t p = used.size();
    std::vector<std::vector<double>> rows;
    for (const auto& row : data.design.rows) {
        std::vector<double> r;
        for (std::size_t j : used)
            r.push_back(row[j]);
        rows.push_back(std::move(r));
    }
    const detail::CoxWork work = detail::prepare_cox(data.time, data.event, rows);
    std::vector<double> beta;
    for (std::size_t j : used)
        beta.push_back(fit.beta[j]);
    const auto times = detail::efron_times(work, beta);

    // g is centred on its mean over the events (each death counted once).
    std::vector<double> event_times;
    for (const auto& et : times)
        event_times.push_back(et.time);
    const std::vector<double> g_raw = km_transform(work, event_times);
    double g_mean = 0.0;
    for (std::size_t k = 0; k < times.size(); ++k)
        g_mean += g_raw[k] * times[k].deaths;
    g_mean /= static_cast<double>(fit.events);

    SquareMatrix imat(2 * p);
    std::vector<double> u(2 * p, 0.0);  // the beta half is exactly 0 at the estimate (as R)
    for (std::size_t k = 0; k < times.size(); ++k) {
        const double g = g_raw[k] - g_mean;
        const auto& et = times[k];
        for (std::size_t a = 0; a < p; ++a) {
            u[p + a] += g * (et.dead_x_sum[a] - et.mean_sum[a]);
            for (std::size_t b = 0; b < p; ++b) {
                const double v = et.variance_sum(a, b);
                imat(a, b) += v;
                imat(a, p + b) += g * v;
                imat(p + a, b) += g * v;
                imat(p + a, p + b) += g * g * v;
            }
        }
    }
    const auto row_of = [&](const std::string& term, const std::vector<std::size_t>& theta) {
        std::vector<std::size_t> keep;
        for (std::size_t a = 0; a < p; ++a)
            keep.push_back(a);
        for (std::size_t a : theta)
            keep.push_back(p + a);
        ZphRow row{term, score_statistic(imat, u, keep), static_cast<double>(theta.size()), {}};
        if (row.chisq) row.p = pchisq_upper(std::max(*row.chisq, 0.0), *row.df);
        return row;
    };
    for (std::size_t t = 0; t < data.design.terms.size(); ++t) {
        std::vector<std::size_t> theta;
        for (std::size_t a = 0; a < p; ++a) {
            if (data.design.term_of[used[a]] == t) theta.push_back(a);
        }
        if (!theta.empty()) out.rows.push_back(row_of(data.design.terms[t], theta));
    }
    std::vector<std::size_t> every;
    for (std::size_t a = 0; a < p; ++a)
        every.push_back(a);
    out.rows.push_back(row_of("GLOBAL", every));
    for (const auto& row : out.rows) {
        if (!row.chisq) {
            out.not_computable =
                not_computable_reason("the proportional-hazards information matrix is singular");
        }
    }
    return out;
}

}  // namespace dayzero::stats
