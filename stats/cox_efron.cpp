#include "stats/cox_efron.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dayzero::stats::detail {

CoxWork prepare_cox(const std::vector<double>& time, const std::vector<bool>& event,
                    const std::vector<std::vector<double>>& rows) {
    CoxWork w;
    const std::size_t n = time.size();
    w.columns = rows.empty() ? 0 : rows[0].size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });
    std::vector<double> mean(w.columns, 0.0);
    for (const auto& row : rows) {
        for (std::size_t j = 0; j < w.columns; ++j)
            mean[j] += row[j] / static_cast<double>(n);
    }
    for (std::size_t i : order) {
        w.time.push_back(time[i]);
        w.event.push_back(event[i]);
        std::vector<double> centred(w.columns);
        for (std::size_t j = 0; j < w.columns; ++j)
            centred[j] = rows[i][j] - mean[j];
        w.x.push_back(std::move(centred));
    }
    return w;
}

std::vector<EfronTime> efron_times(const CoxWork& work, const std::vector<double>& beta) {
    const std::size_t p = work.columns;
    std::vector<EfronTime> out;
    double risk = 0.0;  // sum of exp(eta) over the risk set
    std::vector<double> risk_x(p, 0.0);
    SquareMatrix risk_xx(p);
    // Walk from the longest follow-up down, so each time's risk set is everyone seen so far.
    std::size_t i = work.time.size();
    while (i > 0) {
        const double t = work.time[i - 1];
        EfronTime et;
        et.time = t;
        et.dead_x_sum.assign(p, 0.0);
        double dead = 0.0;
        std::vector<double> dead_x(p, 0.0);
        SquareMatrix dead_xx(p);
        for (; i > 0 && work.time[i - 1] == t; --i) {
            const auto& x = work.x[i - 1];
            double eta = 0.0;
            for (std::size_t j = 0; j < p; ++j)
                eta += beta[j] * x[j];
            const double r = std::exp(eta);
            risk += r;
            for (std::size_t j = 0; j < p; ++j) {
                risk_x[j] += r * x[j];
                for (std::size_t k = 0; k <= j; ++k)
                    risk_xx(j, k) += r * x[j] * x[k];
            }
            if (!work.event[i - 1]) continue;
            ++et.deaths;
            et.dead_eta_sum += eta;
            dead += r;
            for (std::size_t j = 0; j < p; ++j) {
                et.dead_x_sum[j] += x[j];
                dead_x[j] += r * x[j];
                for (std::size_t k = 0; k <= j; ++k)
                    dead_xx(j, k) += r * x[j] * x[k];
            }
        }
        if (et.deaths == 0) continue;
        et.mean_sum.assign(p, 0.0);
        et.variance_sum = SquareMatrix(p);
        for (int k = 0; k < et.deaths; ++k) {
            // Efron: the k-th death sees the tied deaths' weight reduced by k / d.
            const double f = static_cast<double>(k) / et.deaths;
            const double s0 = risk - f * dead;
            et.log_risk_sum += std::log(s0);
            std::vector<double> m(p);
            for (std::size_t j = 0; j < p; ++j) {
                m[j] = (risk_x[j] - f * dead_x[j]) / s0;
                et.mean_sum[j] += m[j];
            }
            for (std::size_t j = 0; j < p; ++j) {
                for (std::size_t l = 0; l <= j; ++l) {
                    const double v = (risk_xx(j, l) - f * dead_xx(j, l)) / s0 - m[j] * m[l];
                    et.variance_sum(j, l) += v;
                    if (l != j) et.variance_sum(l, j) += v;
                }
            }
        }
        out.push_back(std::move(et));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace dayzero::stats::detail
