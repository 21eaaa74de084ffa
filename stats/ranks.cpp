#include "stats/ranks.h"

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace dayzero::stats {

std::vector<double> average_ranks(const std::vector<double>& values, std::vector<long>& ties) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) {
            ++j;
        }
        const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k) {
            ranks[order[k]] = rank;
        }
        ties.push_back(static_cast<long>(j - i + 1));
        i = j + 1;
    }
    return ranks;
}

double tie_sum(const std::vector<long>& ties) {
    long double sum = 0.0L;
    for (const long t : ties) {
        sum += static_cast<long double>(t) * t * t - t;
    }
    return static_cast<double>(sum);
}

}  // namespace dayzero::stats
