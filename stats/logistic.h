#pragma once

// Logistic regression of a yes/no outcome, as glm(family = binomial) with its Wald intervals and
// the profile-likelihood intervals of MASS's confint (docs/STATISTICS.md, "Logistic regression").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/regression.h"

namespace dayzero::stats {

// outcome[i] for subject i with covariates design.rows[i]; the fit adds the intercept.
struct LogisticData {
    std::vector<bool> outcome;
    Design design;
};

// glm.control's defaults, and whether to profile.
struct LogisticControl {
    double epsilon = 1e-8;  // converged when |dev - dev_old| / (|dev| + 0.1) < epsilon
    int maxit = 25;
    double conf_level = 0.95;
    bool profile = true;  // compute the profile-likelihood intervals
};

struct LogisticFit {
    std::int64_t n = 0;
    std::int64_t events = 0;                // outcome = yes
    std::vector<Coefficient> coefficients;  // "(Intercept)" first, then the design's columns
    // Profile-likelihood limits of exp(coef), as exp(confint(fit)) with MASS; nullopt where R
    // gives NA (the profile never reaches the cut-off, e.g. under separation).
    std::vector<std::optional<double>> profile_lower;
    std::vector<std::optional<double>> profile_upper;
    std::optional<double> deviance;
    std::optional<double> null_deviance;
    std::optional<double> aic;
    ModelTest likelihood_ratio;  // null deviance - deviance on the number of estimated covariates
    int iterations = 0;
    bool converged = false;
    bool fitted_zero_or_one = false;  // R's "fitted probabilities numerically 0 or 1 occurred"
    std::vector<std::string> warnings;
    std::string not_computable;
};

// Fits the model by IRLS exactly as glm.fit (start mu = (y + 0.5) / 2, binomial link clamped at
// |eta| > 30 as R's C code), flags coefficients that diverge (separation) and profiles each one.
LogisticFit logistic_regression(const LogisticData& data, const LogisticControl& control = {});

}  // namespace dayzero::stats
