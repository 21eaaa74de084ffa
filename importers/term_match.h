#pragma once
// How mapping terms meet the terms sites write: case, spaces, hyphens, underscores and other
// punctuation do not count ("CAR-T", "CAR T", "car_t" and "CART" are one term; docs/IMPORT.md,
// "Term matching").

#include <string>
#include <string_view>

namespace dayzero::importers {

// The term's letters and digits, upper-cased ("Low-flow nasal cannula" -> "LOWFLOWNASALCANNULA"),
// with the signs sites write for MRD status spelled out: "+" -> POS, and a "-" that ends a word
// -> NEG ("CR MRD-" -> "CRMRDNEG", "CAR-T" -> "CART"). Bytes outside ASCII are kept, so a term
// in another script still matches itself.
std::string fold_term(std::string_view term);

// The term as upper-case words between single spaces, padded with one space each side
// ("death due to CRS." -> " DEATH DUE TO CRS "), for whole-word containment.
std::string term_words(std::string_view term);

// True when the words of `term` (term_words form) occur, whole and in order, in `text` (same form).
bool contains_words(std::string_view text_words, std::string_view term_words);

}  // namespace dayzero::importers
