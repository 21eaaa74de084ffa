#include "importers/term_match.h"

namespace dayzero::importers {
namespace {

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

std::string fold_term(std::string_view term) {
    std::string out;
    out.reserve(term.size());
    for (size_t i = 0; i < term.size(); ++i) {
        const char c = term[i];
        if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
            out += upper(c);
        } else if (c == '+') {
            out += "POS";
        } else if (c == '-' && i > 0 && is_ascii_alnum(term[i - 1]) &&
                   (i + 1 == term.size() || !is_ascii_alnum(term[i + 1]))) {
            out += "NEG";  // "MRD-" is a sign; the hyphen of "CAR-T" is not
        }
    }
    return out;
}

std::string term_words(std::string_view term) {
    std::string out = " ";
    for (char c : term) {
        if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
            out += upper(c);
        } else if (out.back() != ' ') {
            out += ' ';
        }
    }
    if (out.back() != ' ') out += ' ';
    return out;
}

bool contains_words(std::string_view text_words, std::string_view term_words) {
    return term_words.size() > 2 && text_words.find(term_words) != std::string_view::npos;
}

}  // namespace dayzero::importers
