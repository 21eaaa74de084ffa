#include "query/suggest.h"

#include <algorithm>
#include <cctype>

namespace dayzero::query {

size_t edit_distance(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
    const size_t limit = std::clamp<size_t>(name.size() / 2, 1, 3);
    std::string best;
    size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        // Long candidate lists (patients) are pruned by length before the quadratic distance.
        const size_t length_gap = candidate.size() > name.size() ? candidate.size() - name.size()
                                                                 : name.size() - candidate.size();
        if (length_gap >= best_distance) continue;
        const size_t d = edit_distance(name, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    const std::string best = nearest_name(name, candidates);
    return best.empty() ? std::string() : ", did you mean '" + best + "'?";
}

}  // namespace dayzero::query
