#pragma once
// Lexical helpers the shell needs before the query engine sees any text: where statements end,
// whether input is only whitespace and comments, and how a meta-command line splits into words.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dayzero::shell {

// True when `text` holds nothing but whitespace and `--` comments.
bool is_blank_text(std::string_view text);

// Splits `text` at top-level `;` (not inside '…' or "…" strings or `--` comments) with
// query::split_statements. Each piece keeps its `;`; a trailing piece without one is returned as
// is. Blank pieces, and pieces of nothing but `;`, are dropped.
std::vector<std::string> split_statements(std::string_view text);

// One statement of split_statements and the byte offset in `text` where its piece begins.
struct StatementPiece {
    std::string text;
    size_t offset = 0;
};
// split_statements, keeping where each piece begins (to report errors in a file's coordinates).
std::vector<StatementPiece> split_statement_pieces(std::string_view text);

// 1-based line and column of byte `offset` in `text` (columns count bytes, as the parser does).
std::pair<int, int> line_column_at(std::string_view text, size_t offset);

// The first word of a statement (letters, digits, '_'), lower-cased, skipping blanks/comments.
std::string first_word(std::string_view text);

// `text` on one line: comments removed, runs of whitespace collapsed to one space (for history).
std::string one_line(std::string_view text);

// Splits a meta-command line into words; '…' and "…" quote words containing spaces.
std::vector<std::string> split_words(std::string_view line);

}  // namespace dayzero::shell
