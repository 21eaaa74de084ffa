// Quantiles and fixed-time summaries of a Kaplan-Meier fit (quantile.survfit, summary.survfit).

#include <algorithm>
#include <cmath>

#include "stats/kaplan_meier.h"

namespace dayzero::stats {

namespace {

// survfit's tolerance for "the curve equals 1 - prob", sqrt(.Machine$double.eps).
constexpr double kTolerance = 1.4901161193847656e-08;

// Time at which the step function F (cumulative incidence, nondecreasing, nullopt = NA)
// reaches p, with survival's rule for flat segments: when F sits at p (within tolerance) the
// midpoint between where it reached p and where it next rises, or the last observed time.
// `x` starts with the origin time 0 where F = 0.
std::optional<double> find_quantile(const std::vector<double>& x,
                                    const std::vector<std::optional<double>>& y, double p,
                                    double last_time) {
    double max_y = -1.0;
    for (const auto& v : y) {
        if (v) {
            max_y = std::max(max_y, *v);
        }
    }
    if (max_y < p) {
        return std::nullopt;
    }
    // Keep the first point of each distinct level (NA counts as one level).
    std::vector<double> xs;
    std::vector<std::optional<double>> ys;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::find(ys.begin(), ys.end(), y[i]) == ys.end()) {
            xs.push_back(x[i]);
            ys.push_back(y[i]);
        }
    }
    // The point with the lowest level that is >= target, ignoring NA levels. For a monotone
    // curve this is the first such point; confidence-limit curves need not be monotone, and
    // survival (via approx) then takes the lowest qualifying level, which we reproduce.
    auto first_reaching = [&](double shift) -> std::optional<std::size_t> {
        std::optional<std::size_t> best;
        for (std::size_t i = 0; i < ys.size(); ++i) {
            if (ys[i] && *ys[i] + shift >= p && (!best || *ys[i] < *ys[*best])) {
                best = i;
            }
        }
        return best;
    };
    const auto index1 = first_reaching(kTolerance);
    const auto index2 = first_reaching(-kTolerance);
    std::optional<double> quantile;
    if (index1 && index2) {
        quantile = (xs[*index1] + xs[*index2]) / 2.0;
    }
    if (p == 0.0) {
        quantile = xs.front();
    }
    if (ys.back() && std::fabs(p - *ys.back()) < kTolerance && index1) {
        quantile = (xs[*index1] + last_time) / 2.0;
    }
    return quantile;
}

}  // namespace

SurvivalQuantile survival_quantile(const KaplanMeierFit& fit, double prob) {
    SurvivalQuantile result;
    if (!fit.not_computable.empty() || fit.rows.empty() || !(prob >= 0.0 && prob <= 1.0)) {
        return result;
    }
    std::vector<double> x{0.0};
    std::vector<std::optional<double>> from_surv{0.0};
    std::vector<std::optional<double>> from_lower{0.0};
    std::vector<std::optional<double>> from_upper{0.0};
    for (const auto& row : fit.rows) {
        x.push_back(row.time);
        from_surv.emplace_back(1.0 - row.surv);
        from_lower.push_back(row.lower ? std::optional<double>(1.0 - *row.lower) : std::nullopt);
        from_upper.push_back(row.upper ? std::optional<double>(1.0 - *row.upper) : std::nullopt);
    }
    const double last_time = fit.rows.back().time;
    result.estimate = find_quantile(x, from_surv, prob, last_time);
    // The lower survival curve reaches the quantile first, so it gives the lower time limit.
    result.lower = find_quantile(x, from_lower, prob, last_time);
    result.upper = find_quantile(x, from_upper, prob, last_time);
    return result;
}

SurvivalQuantile survival_median(const KaplanMeierFit& fit) {
    return survival_quantile(fit, 0.5);
}

std::optional<std::pair<double, double>> quantile_on_flat_end(const KaplanMeierFit& fit,
                                                              double prob) {
    if (!fit.not_computable.empty() || fit.rows.empty()) return std::nullopt;
    const double level = 1.0 - prob;
    if (std::fabs(fit.rows.back().surv - level) >= kTolerance) return std::nullopt;
    for (const auto& row : fit.rows) {
        if (std::fabs(row.surv - level) < kTolerance)
            return std::pair{row.time, fit.rows.back().time};
    }
    return std::nullopt;
}

std::vector<SurvivalAtTime> survival_at(const KaplanMeierFit& fit, std::vector<double> times) {
    std::vector<SurvivalAtTime> out;
    if (!fit.not_computable.empty() || fit.rows.empty()) {
        return out;
    }
    std::sort(times.begin(), times.end());
    const double last_time = fit.rows.back().time;
    std::size_t next_row = 0;  // first row not yet counted into events/censorings
    for (double t : times) {
        if (!std::isfinite(t) || t > last_time) {
            continue;
        }
        SurvivalAtTime at;
        at.time = t;
        at.std_err = 0.0;
        at.lower = 1.0;
        at.upper = 1.0;
        while (next_row < fit.rows.size() && fit.rows[next_row].time <= t) {
            const KaplanMeierRow& row = fit.rows[next_row];
            at.n_event += row.n_event;
            at.n_censor += row.n_censor;
            ++next_row;
        }
        // Curve value is that of the last row at or before t.
        for (const auto& row : fit.rows) {
            if (row.time > t) {
                break;
            }
            at.surv = row.surv;
            at.std_err =
                row.std_err ? std::optional<double>(row.surv * *row.std_err) : std::nullopt;
            at.lower = row.lower;
            at.upper = row.upper;
        }
        // At risk at t: everyone whose time is >= t, i.e. n.risk of the first row at/after t.
        for (const auto& row : fit.rows) {
            if (row.time >= t) {
                at.n_risk = row.n_risk;
                break;
            }
        }
        out.push_back(at);
    }
    return out;
}

std::vector<std::optional<SurvivalAtTime>> survival_at_each(const KaplanMeierFit& fit,
                                                            const std::vector<double>& times) {
    const std::vector<SurvivalAtTime> sorted = survival_at(fit, times);
    std::vector<std::optional<SurvivalAtTime>> out;
    out.reserve(times.size());
    for (double t : times) {
        // Duplicated times share the first (sorted) entry, whose counts cover the interval.
        const auto it = std::find_if(sorted.begin(), sorted.end(),
                                     [t](const SurvivalAtTime& at) { return at.time == t; });
        out.push_back(it == sorted.end() ? std::nullopt : std::optional<SurvivalAtTime>(*it));
    }
    return out;
}

}  // namespace dayzero::stats
