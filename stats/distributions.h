#pragma once

// Thin wrappers over Boost.Math distributions with R's names and tail conventions.
// Using Boost (not hand-written approximations) keeps tail probabilities accurate.
// Preconditions are stated per function; they never throw (invalid real arguments give NaN,
// so callers must validate first; the library's own tests never pass invalid ones).

#include <cstdint>

namespace dayzero::stats {

// P(Z <= z) for the standard normal, as pnorm(z).
double pnorm(double z);

// P(Z > z) for the standard normal, as pnorm(z, lower.tail = FALSE); accurate in the tail.
double pnorm_upper(double z);

// Standard normal quantile, as qnorm(p); p must be in [0, 1] (0 and 1 give -/+ infinity).
double qnorm(double p);

// P(X > x) for chi-squared with df > 0 degrees of freedom, as pchisq(x, df, lower.tail = FALSE).
double pchisq_upper(double x, double df);

// P(X <= x) for the gamma distribution with shape > 0 and scale > 0, as pgamma.
double pgamma(double x, double shape, double scale);

// Hypergeometric density: k white balls drawn when drawing `draws` from `white` white and
// `black` black balls, as dhyper(k, white, black, draws); 0 for an impossible configuration.
double dhyper(std::int64_t k, std::int64_t white, std::int64_t black, std::int64_t draws);

// Hypergeometric P(X <= k), as phyper(k, white, black, draws); 0 for an impossible
// configuration.
double phyper(std::int64_t k, std::int64_t white, std::int64_t black, std::int64_t draws);

// P(T <= t) for Student's t with df > 0 degrees of freedom, as pt(t, df).
double pt(double t, double df);

// P(T > t) for Student's t with df > 0, as pt(t, df, lower.tail = FALSE); accurate in the tail.
double pt_upper(double t, double df);

// Student's t quantile, as qt(p, df); p in [0, 1], df > 0.
double qt(double p, double df);

// Beta quantile, as qbeta(p, a, b); p in [0, 1], a > 0, b > 0.
double qbeta(double p, double a, double b);

// log(n!) for n >= 0, via Boost's lgamma.
double log_factorial(std::int64_t n);

}  // namespace dayzero::stats
