#include "stats/roc.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/distributions.h"

#include "stats/stats_common.h"

namespace dayzero::stats {

namespace {

// P(M+ > m) + 0.5 P(M+ = m) over the sorted sample `values` (placements of DeLong 1988).
double share_below(const std::vector<double>& sorted, double v) {
    const auto below = std::lower_bound(sorted.begin(), sorted.end(), v);
    const auto upto = std::upper_bound(sorted.begin(), sorted.end(), v);
    return (static_cast<double>(below - sorted.begin()) + 0.5 * static_cast<double>(upto - below)) /
           static_cast<double>(sorted.size());
}

// Sample variance about `mean` (denominator n - 1).
double spread(const std::vector<double>& v, double mean) {
    double ss = 0.0;
    for (const double x : v)
        ss += (x - mean) * (x - mean);
    return ss / static_cast<double>(v.size() - 1);
}

// DeLong's interval of the AUC: placements of each positive among the negatives and of each
// negative among the positives give the variance of the AUC.
void delong_interval(const std::vector<double>& positives, const std::vector<double>& negatives,
                     double conf_level, RocResult& r) {
    if (positives.size() < 2 || negatives.size() < 2) return;
    std::vector<double> v10, v01;
    for (const double p : positives)
        v10.push_back(share_below(negatives, p));
    for (const double n : negatives)
        v01.push_back(1.0 - share_below(positives, n));
    const double auc = *r.auc;
    const double variance = spread(v10, auc) / static_cast<double>(positives.size()) +
                            spread(v01, auc) / static_cast<double>(negatives.size());
    const double z = qnorm(1.0 - (1.0 - conf_level) / 2.0);
    const double se = std::sqrt(variance);
    r.auc_low = std::clamp(auc - z * se, 0.0, 1.0);
    r.auc_high = std::clamp(auc + z * se, 0.0, 1.0);
}

}  // namespace

RocResult roc_analysis(const std::vector<double>& marker, const std::vector<bool>& outcome,
                       double conf_level) {
    RocResult result;
    if (marker.size() != outcome.size()) {
        result.not_computable = not_computable_reason("marker and outcome have different lengths");
        return result;
    }
    std::vector<double> positives;
    std::vector<double> negatives;
    for (std::size_t i = 0; i < marker.size(); ++i) {
        if (std::isnan(marker[i])) {
            continue;
        }
        (outcome[i] ? positives : negatives).push_back(marker[i]);
    }
    result.n_positive = static_cast<std::int64_t>(positives.size());
    result.n_negative = static_cast<std::int64_t>(negatives.size());
    if (positives.empty() || negatives.empty()) {
        result.not_computable = not_computable_reason(positives.empty() ? "no positive outcomes"
                                                                        : "no negative outcomes");
        return result;
    }
    std::sort(positives.begin(), positives.end());
    std::sort(negatives.begin(), negatives.end());
    // Mann-Whitney count: pairs with positive > negative, ties counting half.
    double concordant = 0.0;
    for (double pos : positives) {
        const auto below = std::lower_bound(negatives.begin(), negatives.end(), pos);
        const auto upto = std::upper_bound(negatives.begin(), negatives.end(), pos);
        concordant += static_cast<double>(below - negatives.begin()) +
                      0.5 * static_cast<double>(upto - below);
    }
    const auto n1 = static_cast<double>(positives.size());
    const auto n0 = static_cast<double>(negatives.size());
    result.auc = concordant / (n1 * n0);

    std::vector<double> thresholds(positives);
    thresholds.insert(thresholds.end(), negatives.begin(), negatives.end());
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    std::int64_t best_score = 0;
    for (double t : thresholds) {
        const auto pos_at_or_above = static_cast<std::int64_t>(
            positives.end() - std::lower_bound(positives.begin(), positives.end(), t));
        const auto neg_below = static_cast<std::int64_t>(
            std::lower_bound(negatives.begin(), negatives.end(), t) - negatives.begin());
        RocPoint point{t, static_cast<double>(pos_at_or_above) / n1,
                       static_cast<double>(neg_below) / n0};
        result.curve.push_back(point);
        // J * n1 * n0 in integers, so equal J values compare exactly; ">=" keeps the highest
        // threshold among ties because thresholds ascend.
        const std::int64_t score = pos_at_or_above * result.n_negative +
                                   neg_below * result.n_positive -
                                   result.n_positive * result.n_negative;
        if (!result.best || score >= best_score) {
            best_score = score;
            result.best = point;
        }
    }
    result.youden = result.best->sensitivity + result.best->specificity - 1.0;
    const auto at = std::lower_bound(thresholds.begin(), thresholds.end(), result.best->threshold);
    result.best_midpoint = at == thresholds.begin() ? -std::numeric_limits<double>::infinity()
                                                    : (*(at - 1) + *at) / 2.0;
    delong_interval(positives, negatives, conf_level, result);
    return result;
}

}  // namespace dayzero::stats
