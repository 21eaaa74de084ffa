#include "shell/statement_text.h"

#include <cctype>

#include "query/parser.h"

namespace dayzero::shell {

namespace {

// Walks `text` classifying each byte as code, string or comment: the one place that knows the
// query language's quoting rules from the shell's side.
template <typename OnCode>
void scan(std::string_view text, OnCode on_code) {
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            on_code(i, c, true);
            continue;
        }
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            if (i < text.size()) on_code(i, '\n', false);
            continue;
        }
        if (c == '\'' || c == '"') quote = c;
        on_code(i, c, quote != 0);
    }
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

bool is_blank_text(std::string_view text) {
    bool blank = true;
    scan(text, [&](size_t, char c, bool) {
        if (!is_space(c)) blank = false;
    });
    return blank;
}

std::vector<StatementPiece> split_statement_pieces(std::string_view text) {
    std::vector<StatementPiece> kept;
    for (const auto& span : query::split_statements(text, query::Quotes::kWithShell)) {
        const std::string_view piece = text.substr(span.begin, span.end - span.begin);
        // A lone `;` is an empty statement to the language, but nothing for the shell to run.
        if (!is_blank_text(piece) && piece.find_first_not_of(" \t\r\n;") != std::string::npos)
            kept.push_back({std::string(piece), span.begin});
    }
    return kept;
}

std::vector<std::string> split_statements(std::string_view text) {
    std::vector<std::string> kept;
    for (auto& piece : split_statement_pieces(text))
        kept.push_back(std::move(piece.text));
    return kept;
}

std::pair<int, int> line_column_at(std::string_view text, size_t offset) {
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, static_cast<int>(offset - line_start) + 1};
}

std::string first_word(std::string_view text) {
    std::string word;
    bool done = false;
    scan(text, [&](size_t, char c, bool in_string) {
        if (done) return;
        if (!in_string && (std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty() || !is_space(c)) {
            done = true;
        }
    });
    return word;
}

std::string one_line(std::string_view text) {
    std::string out;
    bool pending_space = false;
    scan(text, [&](size_t, char c, bool in_string) {
        if (!in_string && is_space(c)) {
            pending_space = !out.empty();
            return;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    });
    return out;
}

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (char c : line) {
        if (quote != 0) {
            if (c == quote)
                quote = 0;
            else
                word += c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (is_space(c)) {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

}  // namespace dayzero::shell
