#include "stats/kruskal_wallis.h"

#include <cmath>

#include "stats/distributions.h"
#include "stats/ranks.h"
#include "stats/stats_common.h"

namespace dayzero::stats {

KruskalWallisResult kruskal_wallis(const std::vector<std::vector<double>>& groups) {
    KruskalWallisResult r;
    std::vector<double> pooled;
    std::vector<std::size_t> sizes;
    for (const auto& g : groups) {
        std::size_t n = 0;
        for (const double v : g) {
            if (std::isnan(v)) continue;
            pooled.push_back(v);
            ++n;
        }
        if (n > 0) sizes.push_back(n);
    }
    if (sizes.size() < 2) {
        r.not_computable = not_computable_reason("needs at least two groups with values");
        return r;
    }
    std::vector<long> ties;
    const std::vector<double> ranks = average_ranks(pooled, ties);
    const auto n = static_cast<double>(pooled.size());
    const double correction = 1.0 - tie_sum(ties) / (n * n * n - n);
    if (!(correction > 0.0)) {
        r.not_computable = not_computable_reason("all values are equal (zero variance)");
        return r;
    }
    double sum = 0.0;
    std::size_t next = 0;
    for (const std::size_t size : sizes) {
        double rank_sum = 0.0;
        for (std::size_t i = 0; i < size; ++i)
            rank_sum += ranks[next++];
        sum += rank_sum * rank_sum / static_cast<double>(size);
    }
    const double h = (12.0 * sum / (n * (n + 1.0)) - 3.0 * (n + 1.0)) / correction;
    const auto df = static_cast<double>(sizes.size() - 1);
    r.statistic = h;
    r.df = df;
    r.p = pchisq_upper(h, df);
    return r;
}

}  // namespace dayzero::stats
