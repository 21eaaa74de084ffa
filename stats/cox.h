#pragma once

// Cox proportional-hazards regression with Efron's tie handling, as survival::coxph, and the
// proportional-hazards check of survival::cox.zph (docs/STATISTICS.md, "Cox regression").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/regression.h"

namespace dayzero::stats {

// Time-to-event data for a Cox model: subject i has follow-up time[i] (finite, >= 0), event[i]
// (false: censored) and covariates design.rows[i].
struct CoxData {
    std::vector<double> time;
    std::vector<bool> event;
    Design design;
};

// Newton-Raphson settings, coxph.control's defaults.
struct CoxControl {
    double eps = 1e-9;  // converged when |1 - loglik_old / loglik_new| <= eps
    int iter_max = 20;  // iterations, step-halvings included
    double toler_inf = 3.1622776601683795e-05;  // sqrt(eps): the "may be infinite" check
    double conf_level = 0.95;
};

struct CoxFit {
    std::int64_t n = 0;
    std::int64_t events = 0;
    std::vector<Coefficient> coefficients;  // one per design column, in order
    std::optional<double> loglik_null;      // log partial likelihood at beta = 0
    std::optional<double> loglik;           // ... at the estimate
    ModelTest likelihood_ratio;
    ModelTest wald;
    ModelTest score;  // at beta = 0 (coxph's "Score (logrank) test")
    int iterations = 0;
    bool converged = false;
    std::vector<double> beta;                   // estimates, 0 for aliased columns
    std::vector<std::vector<double>> variance;  // inverse information, 0 for aliased columns
    std::vector<std::string> warnings;          // non-convergence, infinite estimates, aliasing
    std::string not_computable;
};

// Fits the model by Newton-Raphson from beta = 0 with step halving, as coxph (ties = "efron").
CoxFit cox_regression(const CoxData& data, const CoxControl& control = {});

// One row of cox.zph's table: a term (or the global test) and its score test of
// proportional hazards against beta(t) = beta + theta * g(t).
struct ZphRow {
    std::string term;  // "GLOBAL" for the global test
    std::optional<double> chisq;
    std::optional<double> df;
    std::optional<double> p;
};

struct ZphResult {
    std::string transform = "km";  // g(t) = 1 - KM(t-), cox.zph's default
    std::vector<ZphRow> rows;      // one per term, then GLOBAL
    std::string not_computable;
};

// The proportional-hazards test of a fitted model (cox.zph(fit), transform "km", terms = TRUE).
ZphResult cox_zph(const CoxData& data, const CoxFit& fit);

}  // namespace dayzero::stats
