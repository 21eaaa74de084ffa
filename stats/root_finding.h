#pragma once

// Brent's root finder with R's uniroot() defaults, so estimates that R obtains by uniroot
// (e.g. fisher.test's odds ratio and its interval) are reproduced iterate for iterate.

#include <functional>
#include <optional>

namespace dayzero::stats {

// R's default uniroot tolerance, .Machine$double.eps^0.25.
inline constexpr double kUnirootTolerance = 1.220703125e-4;

// Finds a root of f in [lower, upper] by Brent's method (the zeroin algorithm R's uniroot
// uses, same stopping rule and default tolerance). Returns nullopt when f(lower) and f(upper)
// have the same sign or the iteration limit is reached.
std::optional<double> brent_root(const std::function<double(double)>& f, double lower, double upper,
                                 double tolerance = kUnirootTolerance, int max_iterations = 1000);

}  // namespace dayzero::stats
