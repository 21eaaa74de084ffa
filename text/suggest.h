#pragma once
// Nearest-name suggestions for "Unknown name" errors (distance: text/edit_distance.h).

#include <string>
#include <string_view>
#include <vector>

namespace dayzero::text {

// The candidate closest to `name` if it is plausibly a typo (distance at most half the name's
// length, at least 1, at most 3); empty otherwise.
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

// ", did you mean 'x'?" for the nearest candidate, or "" when there is none.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace dayzero::text
