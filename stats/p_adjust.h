#pragma once

// Multiple-comparison adjustment of p-values, as R's p.adjust.

#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

enum class AdjustMethod { kBonferroni, kHolm, kBenjaminiHochberg };

// Adjusts p-values (nullopt entries stay nullopt and do not count toward n), as p.adjust with
// method "bonferroni", "holm" or "BH". Values outside [0, 1] are returned as nullopt.
std::vector<std::optional<double>> p_adjust(const std::vector<std::optional<double>>& p,
                                            AdjustMethod method);

// Convenience overload for complete vectors; inputs are clamped into [0, 1] (NaN as 1).
std::vector<double> p_adjust(const std::vector<double>& p, AdjustMethod method);

}  // namespace dayzero::stats
