#include "stats/p_adjust.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dayzero::stats {

std::vector<std::optional<double>> p_adjust(const std::vector<std::optional<double>>& p,
                                            AdjustMethod method) {
    std::vector<std::optional<double>> out(p.size());
    // Positions of usable p-values; others (missing or out of range) stay nullopt.
    std::vector<std::size_t> present;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] && *p[i] >= 0.0 && *p[i] <= 1.0) {
            present.push_back(i);
        }
    }
    const auto n = static_cast<double>(present.size());
    if (present.empty()) {
        return out;
    }
    switch (method) {
        case AdjustMethod::kBonferroni:
            for (std::size_t i : present) {
                out[i] = std::min(1.0, n * *p[i]);
            }
            break;
        case AdjustMethod::kHolm: {
            // Ascending order (stable); running maximum of (n - rank + 1) p.
            std::stable_sort(present.begin(), present.end(),
                             [&](std::size_t a, std::size_t b) { return *p[a] < *p[b]; });
            double running = 0.0;
            for (std::size_t r = 0; r < present.size(); ++r) {
                running = std::max(running, (n - static_cast<double>(r)) * *p[present[r]]);
                out[present[r]] = std::min(1.0, running);
            }
            break;
        }
        case AdjustMethod::kBenjaminiHochberg: {
            // Descending order; running minimum of n / rank * p.
            std::stable_sort(present.begin(), present.end(),
                             [&](std::size_t a, std::size_t b) { return *p[a] > *p[b]; });
            double running = 1.0;
            for (std::size_t r = 0; r < present.size(); ++r) {
                const double rank = n - static_cast<double>(r);
                running = std::min(running, n / rank * *p[present[r]]);
                out[present[r]] = std::min(1.0, running);
            }
            break;
        }
    }
    return out;
}

std::vector<double> p_adjust(const std::vector<double>& p, AdjustMethod method) {
    // Clamp so every input takes part (NaN counts as 1), keeping the result the same length.
    std::vector<std::optional<double>> wrapped;
    wrapped.reserve(p.size());
    for (double v : p) {
        wrapped.emplace_back(std::isnan(v) ? 1.0 : std::clamp(v, 0.0, 1.0));
    }
    const auto adjusted = p_adjust(wrapped, method);
    std::vector<double> out;
    out.reserve(adjusted.size());
    for (const auto& v : adjusted) {
        out.push_back(v.value_or(1.0));
    }
    return out;
}

}  // namespace dayzero::stats
