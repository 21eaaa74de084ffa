#pragma once

// The Efron-approximated risk-set sums behind the Cox log partial likelihood, its score and
// information, one entry per distinct event time. Internal to cox.cpp and cox_zph.cpp.

#include <cstddef>
#include <vector>

#include "stats/dense_matrix.h"

namespace dayzero::stats::detail {

// Subjects sorted by time, covariates centred on their means (exp(eta) then stays near 1).
struct CoxWork {
    std::vector<double> time;  // ascending
    std::vector<bool> event;
    std::vector<std::vector<double>> x;  // centred covariates
    std::size_t columns = 0;
};

// One distinct event time: d deaths; Efron's k-th (k = 0..d-1) weighted risk set has mean m_k
// and covariance V_k.
struct EfronTime {
    double time = 0.0;
    int deaths = 0;
    std::vector<double> dead_x_sum;  // sum of the deaths' covariates
    double dead_eta_sum = 0.0;
    double log_risk_sum = 0.0;     // sum_k log(weighted risk-set total)
    std::vector<double> mean_sum;  // sum_k m_k
    SquareMatrix variance_sum;     // sum_k V_k
};

// Sorts and centres a model's data.
CoxWork prepare_cox(const std::vector<double>& time, const std::vector<bool>& event,
                    const std::vector<std::vector<double>>& rows);

// The per-event-time sums at coefficients beta (ascending time).
std::vector<EfronTime> efron_times(const CoxWork& work, const std::vector<double>& beta);

}  // namespace dayzero::stats::detail
