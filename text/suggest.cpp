#include "text/suggest.h"

#include <algorithm>

#include "text/edit_distance.h"

namespace dayzero::text {

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
    const size_t limit = std::clamp<size_t>(name.size() / 2, 1, 3);
    std::string best;
    size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        // Long candidate lists (patients) are pruned by length before the quadratic distance.
        const size_t length_gap = candidate.size() > name.size() ? candidate.size() - name.size()
                                                                 : name.size() - candidate.size();
        if (length_gap >= best_distance) continue;
        // Names compared here are case-insensitive, so case is no typo.
        const size_t d = edit_distance(name, candidate, LetterCase::kIgnored);
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

}  // namespace dayzero::text
