#include "stats/competing_risks.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "stats/distributions.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

// Counts at one distinct time.
struct TimeCounts {
    std::int64_t censored = 0, events = 0, competing = 0;
};

std::map<double, TimeCounts> counts_by_time(const std::vector<CompetingObservation>& obs) {
    std::map<double, TimeCounts> out;
    for (const auto& o : obs) {
        TimeCounts& c = out[o.time];
        if (o.status == CompetingStatus::kEvent)
            ++c.events;
        else if (o.status == CompetingStatus::kCompeting)
            ++c.competing;
        else
            ++c.censored;
    }
    return out;
}

bool valid(const std::vector<CompetingObservation>& obs) {
    return std::all_of(obs.begin(), obs.end(),
                       [](const auto& o) { return std::isfinite(o.time) && o.time >= 0.0; });
}

}  // namespace

IncidenceCurve cumulative_incidence(const std::vector<CompetingObservation>& observations) {
    IncidenceCurve curve;
    curve.n = static_cast<std::int64_t>(observations.size());
    if (observations.empty()) {
        curve.not_computable = not_computable_reason("no subjects");
        return curve;
    }
    if (!valid(observations)) {
        curve.not_computable = not_computable_reason("times must be finite and >= 0");
        return curve;
    }
    double at_risk = static_cast<double>(observations.size());
    double surv = 1.0;  // all-cause Kaplan-Meier just before the current time
    double f = 0.0;
    // The delta-method variance accumulates three sums over the event times.
    double v1 = 0.0, v2 = 0.0, v3 = 0.0;
    for (const auto& [time, c] : counts_by_time(observations)) {
        curve.events += c.events;
        curve.competing += c.competing;
        curve.last_time = time;
        const double d1 = static_cast<double>(c.events);
        const double d2 = static_cast<double>(c.competing);
        if (d1 + d2 > 0.0) {
            const double surv_after = surv * (at_risk - d1 - d2) / at_risk;
            f += surv * d1 / at_risk;
            // Each kind contributes with a correction for tied events (as cmprsk).
            const auto add = [&](double d, bool of_interest) {
                if (d <= 0.0) return;
                const double tie = d > 1.0 ? 1.0 - (d - 1.0) / (at_risk - 1.0) : 1.0;
                const double w = surv * surv * tie * d / (at_risk * at_risk);
                const double inv = surv_after > 0.0 ? 1.0 / surv_after : 0.0;
                const double g = of_interest ? 1.0 + inv * f : inv * f;
                v1 += g * g * w;
                v2 += inv * g * w;
                v3 += inv * inv * w;
            };
            if (surv_after > 0.0) add(d2, false);
            add(d1, true);
            // Competing events alone move neither the estimate nor its reported variance.
            if (d1 > 0.0) curve.steps.push_back({time, f, v1 + f * f * v3 - 2.0 * f * v2});
            surv = surv_after;
        }
        at_risk -= d1 + d2 + static_cast<double>(c.censored);
    }
    return curve;
}

std::optional<IncidenceAt> incidence_at(const IncidenceCurve& curve, double time,
                                        double conf_level) {
    if (!curve.not_computable.empty() || !std::isfinite(time) || time > curve.last_time) {
        return std::nullopt;
    }
    IncidenceAt at;
    for (const auto& s : curve.steps) {
        if (s.time > time) break;
        at.estimate = s.estimate;
        at.std_err = std::sqrt(std::max(s.variance, 0.0));
    }
    const double f = at.estimate;
    if (f > 0.0 && f < 1.0) {
        const double z = qnorm(1.0 - (1.0 - conf_level) / 2.0);
        const double k = z * at.std_err / (f * std::log(f));
        at.lower = std::pow(f, std::exp(-k));
        at.upper = std::pow(f, std::exp(k));
    }
    return at;
}

}  // namespace dayzero::stats
