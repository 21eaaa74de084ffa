#include "stats/kaplan_meier.h"

#include <algorithm>
#include <cmath>

#include "stats/distributions.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

KaplanMeierFit kaplan_meier(const std::vector<SurvivalObservation>& observations,
                            double conf_level) {
    KaplanMeierFit fit;
    fit.conf_level = conf_level;
    if (observations.empty()) {
        fit.not_computable = not_computable_reason("no observations");
        return fit;
    }
    if (!(conf_level > 0.0 && conf_level < 1.0)) {
        fit.not_computable = not_computable_reason("confidence level must be in (0, 1)");
        return fit;
    }
    for (const auto& o : observations) {
        if (!std::isfinite(o.time) || o.time < 0.0) {
            fit.not_computable = not_computable_reason("follow-up times must be finite and >= 0");
            return fit;
        }
    }
    std::vector<SurvivalObservation> sorted = observations;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.time < b.time; });
    fit.n = static_cast<std::int64_t>(sorted.size());
    const double z = qnorm(1.0 - (1.0 - conf_level) / 2.0);
    std::int64_t at_risk = fit.n;
    double surv = 1.0;
    double greenwood = 0.0;  // running sum of d / (n (n - d))
    bool greenwood_infinite = false;
    for (std::size_t i = 0; i < sorted.size();) {
        KaplanMeierRow row;
        row.time = sorted[i].time;
        row.n_risk = at_risk;
        while (i < sorted.size() && sorted[i].time == row.time) {
            ++(sorted[i].event ? row.n_event : row.n_censor);
            ++i;
        }
        if (row.n_event > 0) {
            const auto n = static_cast<double>(row.n_risk);
            const auto d = static_cast<double>(row.n_event);
            surv *= (n - d) / n;
            if (row.n_event == row.n_risk) {
                greenwood_infinite = true;
            } else {
                greenwood += d / (n * (n - d));
            }
        }
        row.surv = surv;
        if (!greenwood_infinite) {
            const double se = std::sqrt(greenwood);
            row.std_err = se;
            // conf.type = "log": limits exp(log S +/- z se), the upper one capped at 1.
            row.lower = std::exp(std::log(surv) - z * se);
            row.upper = std::min(1.0, std::exp(std::log(surv) + z * se));
        }
        fit.events += row.n_event;
        at_risk -= row.n_event + row.n_censor;
        fit.rows.push_back(row);
    }
    return fit;
}

}  // namespace dayzero::stats
