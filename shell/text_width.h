#pragma once
// Terminal display width of UTF-8 text, and fitting text into a number of columns.

#include <string>
#include <string_view>
#include <vector>

namespace dayzero::shell {

// Columns `text` occupies on a terminal: wide East Asian characters count 2, combining marks 0,
// invalid bytes 1 each.
int display_width(std::string_view text);

// The longest prefix of `text` that fits in `width` columns, with "…" appended when cut.
std::string truncate_to_width(std::string_view text, int width);

// Breaks `text` into lines of at most `width` columns: at '\n', else at the last space or after
// the last '_' that fits, else inside a word. Always returns at least one (possibly empty) line.
std::vector<std::string> wrap_to_width(std::string_view text, int width);

// Breaks prose (notes, lists of names) into lines of at most `width` columns at spaces, or after
// a comma inside a long list; a single word wider than `width` stays whole on its own line
// rather than being cut.
std::vector<std::string> wrap_words(std::string_view text, int width);

// The widest piece of `text` when broken at spaces and after underscores (how narrow a header
// can get without breaking inside a word).
int widest_word(std::string_view text);

// `text` padded with spaces to `width` columns, on the right (left-aligned) or on the left.
std::string pad_to_width(std::string_view text, int width, bool align_right);

}  // namespace dayzero::shell
