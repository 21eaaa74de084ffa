#pragma once

// ROC analysis of a numeric marker against a binary outcome: AUC and the Youden cut-off.

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
    std::optional<double> auc;     // P(M+ > M-) + 0.5 P(M+ = M-) = W / (n_pos * n_neg)
    std::optional<RocPoint> best;  // maximises Youden's J; ties go to the highest threshold
    std::optional<double> youden;  // J = sensitivity + specificity - 1 at `best`
    std::vector<RocPoint> curve;   // one point per distinct observed marker value, ascending
    std::string not_computable;
};

// Computes the ROC summary; higher marker values are taken to indicate a positive outcome.
// Pairs with NaN marker are dropped. Needs at least one positive and one negative.
RocResult roc_analysis(const std::vector<double>& marker, const std::vector<bool>& outcome);

}  // namespace dayzero::stats
