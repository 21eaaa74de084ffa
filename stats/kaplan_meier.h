#pragma once

// Kaplan-Meier estimate with log-transformed confidence limits, as survival::survfit.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dayzero::stats {

// One subject: follow-up time and whether the event happened at that time (false: censored).
struct SurvivalObservation {
    double time = 0.0;
    bool event = false;
};

// One row of the curve, one per distinct observed time (event or censoring), as survfit.
struct KaplanMeierRow {
    double time = 0.0;
    std::int64_t n_risk = 0;
    std::int64_t n_event = 0;
    std::int64_t n_censor = 0;
    double surv = 1.0;
    std::optional<double> std_err;  // SE of the cumulative hazard (survfit's fit$std.err)
    std::optional<double> lower;    // log-type confidence limits; nullopt where R gives NA
    std::optional<double> upper;
};

// A quantile of survival time (usually the median) with its confidence interval; any part
// may be nullopt ("NA"), e.g. the upper limit when the upper curve never reaches 0.5.
struct SurvivalQuantile {
    std::optional<double> estimate;
    std::optional<double> lower;
    std::optional<double> upper;
};

struct KaplanMeierFit {
    std::int64_t n = 0;
    std::int64_t events = 0;
    double conf_level = 0.95;
    std::vector<KaplanMeierRow> rows;
    std::string not_computable;  // set for an empty sample or invalid times
};

// Fits the curve (Greenwood variance, conf.type = "log"). Times must be finite and >= 0.
KaplanMeierFit kaplan_meier(const std::vector<SurvivalObservation>& observations,
                            double conf_level = 0.95);

// The time by which a fraction `prob` has had the event (prob = 0.5: median), with CI, exactly
// as quantile.survfit: where the curve is flat at 1 - prob, the midpoint of the flat segment
// (or of the segment to the last observed time) is returned.
SurvivalQuantile survival_quantile(const KaplanMeierFit& fit, double prob = 0.5);

// Median survival with 95 % CI (given the fit's conf_level), as quantile(fit, 0.5); print.survfit
// agrees but for quantile_on_flat_end.
SurvivalQuantile survival_median(const KaplanMeierFit& fit);

// The one case where R's print(fit) (survmean) shows another median than quantile(fit, 0.5):
// the curve sits at exactly 1 - prob (within sqrt(eps)) from time t1 to its last time. Then
// quantile gives the midpoint of t1 and the last time, print gives t1; this returns both times
// (t1, last), nullopt otherwise.
std::optional<std::pair<double, double>> quantile_on_flat_end(const KaplanMeierFit& fit,
                                                              double prob = 0.5);

// Curve summary at a chosen time, as summary(fit, times = t).
struct SurvivalAtTime {
    double time = 0.0;
    std::int64_t n_risk = 0;    // subjects with time >= t
    std::int64_t n_event = 0;   // events in (previous requested time, t]
    std::int64_t n_censor = 0;  // censorings in (previous requested time, t]
    double surv = 1.0;
    std::optional<double> std_err;  // SE of surv (summary's std.err = surv * fit std.err)
    std::optional<double> lower;
    std::optional<double> upper;
};

// Evaluates the curve at ascending times; times after the last observed time are omitted
// (R's extend = FALSE), and times are sorted ascending first as summary.survfit does.
std::vector<SurvivalAtTime> survival_at(const KaplanMeierFit& fit, std::vector<double> times);

// Same values as survival_at, but exactly one entry per requested time in the caller's order
// (convenient for table columns): nullopt where summary() would drop the time (after the last
// observed time, non-finite, or an unusable fit). Events/censorings count from the previous
// requested time in ascending order, as in survival_at.
std::vector<std::optional<SurvivalAtTime>> survival_at_each(const KaplanMeierFit& fit,
                                                            const std::vector<double>& times);

}  // namespace dayzero::stats
