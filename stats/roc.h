#pragma once

// ROC analysis of a numeric marker against a binary outcome: AUC with DeLong's interval and the
// Youden cut-off, also in the form pROC and GraphPad Prism print it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

// One candidate threshold: "positive when marker >= threshold".
struct RocPoint {
    double threshold = 0.0;
    double sensitivity = 0.0;  // P(marker >= threshold | outcome positive)
    double specificity = 0.0;  // P(marker <  threshold | outcome negative)
};

struct RocResult {
    std::int64_t n_positive = 0;
    std::int64_t n_negative = 0;
    std::optional<double> auc;  // P(M+ > M-) + 0.5 P(M+ = M-) = W / (n_pos * n_neg)
    // DeLong's 95 % interval, as pROC's ci.auc(method = "delong"): normal limits clipped to
    // [0, 1]; NA (nullopt) with a single positive or a single negative, as pROC.
    std::optional<double> auc_low, auc_high;
    std::optional<RocPoint> best;  // maximises Youden's J; ties go to the highest threshold
    std::optional<double> youden;  // J = sensitivity + specificity - 1 at `best`
    // The same cut-off as pROC's coords() and Prism print it, "positive when marker > x": the
    // midpoint of best->threshold and the next lower observed value (-infinity if none).
    std::optional<double> best_midpoint;
    std::vector<RocPoint> curve;  // one point per distinct observed marker value, ascending
    std::string not_computable;
};

// Computes the ROC summary; higher marker values are taken to indicate a positive outcome.
// Pairs with NaN marker are dropped. Needs at least one positive and one negative.
RocResult roc_analysis(const std::vector<double>& marker, const std::vector<bool>& outcome,
                       double conf_level = 0.95);

}  // namespace dayzero::stats
