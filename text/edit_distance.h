#pragma once
// Levenshtein distance, for "did you mean" suggestions.

#include <cstddef>
#include <string_view>

namespace dayzero::text {

// Whether edit_distance treats ASCII letters of different case as the same letter.
enum class LetterCase { kSensitive, kIgnored };

// The fewest single-byte insertions, deletions and substitutions that turn `a` into `b`.
size_t edit_distance(std::string_view a, std::string_view b,
                     LetterCase letter_case = LetterCase::kSensitive);

}  // namespace dayzero::text
