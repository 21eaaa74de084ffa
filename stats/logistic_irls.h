#pragma once

// Internal to the logistic fit: glm.fit's IRLS for the binomial family with the logit link, and
// MASS's profiling of each coefficient.

#include <optional>
#include <string>
#include <vector>

#include "stats/dense_matrix.h"
#include "stats/logistic.h"

namespace dayzero::stats::detail {

struct IrlsProblem {
    std::vector<std::vector<double>> x;  // includes the intercept column when there is one
    std::vector<double> y;               // 0 or 1
    std::vector<double> offset;          // added to the linear predictor (0 unless profiling)
    std::vector<double> eta_start;       // glm.fit's etastart; empty: from mu = (y + 0.5) / 2
};

struct IrlsResult {
    std::vector<double> beta;  // 0 for aliased columns
    std::vector<double> eta;   // the final linear predictor (offset included)
    std::vector<double> mu;
    double deviance = 0.0;
    int iterations = 0;
    bool converged = false;
    bool failed = false;  // the deviance could not be made finite
    // The factored X'WX of the last weighted least-squares step (weights from the iteration's
    // start, as summary.glm's covariance from the QR of the last IRLS step).
    CholeskyFactor factor{SquareMatrix(0), 0.0};
};

// The data with a leading intercept column.
IrlsProblem with_intercept(const LogisticData& data);

// glm.fit(x, y, family = binomial(), etastart, offset, control).
IrlsResult irls(const IrlsProblem& problem, const LogisticControl& control);

// The deviance of the intercept-only model (glm's null.deviance).
double null_deviance(const IrlsProblem& problem);

struct ProfileLimits {
    std::vector<std::optional<double>> lower;  // on the odds-ratio scale
    std::vector<std::optional<double>> upper;
    std::vector<std::string> warnings;
};

// exp(confint(fit)) for a glm in R 4.2 (MASS's profile.glm and confint.profile.glm).
ProfileLimits profile_limits(const IrlsProblem& problem, const IrlsResult& fit,
                             const LogisticFit& summary, const LogisticControl& control);

}  // namespace dayzero::stats::detail
