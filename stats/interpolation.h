#pragma once

// R's spline() (method "fmm") and approx() (linear, rule = 1), which MASS's confint uses to read
// a profile-likelihood interval off the profile points.

#include <optional>
#include <vector>

namespace dayzero::stats {

struct Curve {
    std::vector<double> x;
    std::vector<double> y;
};

// spline(x, y) with R's defaults: ties in x averaged, the Forsythe-Malcolm-Moler cubic spline
// evaluated at 3 * (number of distinct x) equally spaced points from min(x) to max(x).
Curve fmm_spline(const std::vector<double>& x, const std::vector<double>& y);

// approx(x, y, xout = at)$y: linear interpolation (ties in x averaged), nullopt outside.
std::optional<double> linear_approx(const std::vector<double>& x, const std::vector<double>& y,
                                    double at);

}  // namespace dayzero::stats
