#pragma once
// ASCII text helpers: case folding, case-insensitive comparison and trimming. Codes, units, names
// and keywords are ASCII; bytes outside A-Z/a-z (UTF-8 included) are left as they are, whatever
// the process locale, so every layer folds the same way.

#include <string>
#include <string_view>

namespace dayzero::text {

// `c` lower-cased if it is an ASCII capital letter, else unchanged.
constexpr char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// `c` upper-cased if it is an ASCII small letter, else unchanged.
constexpr char to_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Copy of `text` with ASCII letters lower-cased.
std::string to_lower(std::string_view text);

// Copy of `text` with ASCII letters upper-cased.
std::string to_upper(std::string_view text);

// True when `a` and `b` are equal ignoring the case of ASCII letters.
bool iequals(std::string_view a, std::string_view b);

// True when `text` begins with `prefix`, ignoring the case of ASCII letters.
bool istarts_with(std::string_view text, std::string_view prefix);

// `text` without leading and trailing spaces and tabs (not newlines: a CSV field keeps them).
inline std::string_view trim(std::string_view text) {
    // Inline, with a fast exit: importers call it several times per row and fields rarely carry
    // blanks; both ends above ' ' (space and tab are below) need no loop.
    if (text.empty() || (static_cast<unsigned char>(text.front()) > ' ' &&
                         static_cast<unsigned char>(text.back()) > ' ')) {
        return text;
    }
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    return text.substr(begin, end - begin);
}

}  // namespace dayzero::text
