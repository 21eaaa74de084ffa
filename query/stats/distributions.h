#pragma once

// Thin wrappers over Boost.Math distributions with R's names and tail conventions.
// Using Boost (not hand-written approximations) keeps tail probabilities accurate.

#include <cstdint>

namespace dayzero::stats {

// P(Z <= z) for the standard normal, as pnorm(z).
double pnorm(double z);

// P(Z > z) for the standard normal, as pnorm(z, lower.tail = FALSE); accurate in the tail.
double pnorm_upper(double z);

// Standard normal quantile, as qnorm(p); p must be in (0, 1).
double qnorm(double p);

// P(X > x) for chi-squared with df degrees of freedom, as pchisq(x, df, lower.tail = FALSE).
double pchisq_upper(double x, double df);

// P(X <= x) for the gamma distribution with the given shape and scale, as pgamma.
double pgamma(double x, double shape, double scale);

// Hypergeometric density: k white balls drawn when drawing `draws` from `white` white and
// `black` black balls, as dhyper(k, white, black, draws).
double dhyper(std::int64_t k, std::int64_t white, std::int64_t black, std::int64_t draws);

// Hypergeometric P(X <= k), as phyper(k, white, black, draws).
double phyper(std::int64_t k, std::int64_t white, std::int64_t black, std::int64_t draws);

// log(n!) for n >= 0, via Boost's lgamma.
double log_factorial(std::int64_t n);

}  // namespace dayzero::stats
