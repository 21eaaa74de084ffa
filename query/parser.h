#pragma once
// The parser adapter: text → AST. The only code that sees ANTLR types (parser.cpp,
// ast_builder.cpp).

#include <string>
#include <string_view>
#include <vector>

#include "query/ast.h"

namespace dayzero::query {

// One statement's slice of a script: [begin, end) byte offsets, end just past its `;` (or the
// end of the text when the last statement is unterminated).
struct StatementSpan {
    size_t begin = 0;
    size_t end = 0;
    bool terminated = false;
    // An unterminated last statement that ends inside a '…' string or "…" name: the offset of
    // its opening quote (npos otherwise), so that the missing piece can be named.
    size_t open_quote = std::string_view::npos;
};

// Which quotes hide a `;` from split_statements. Both hide '…' and "…" now that the language
// quotes names with "…" (the shell's own statements quote file names: plot … to "a b.svg").
enum class Quotes {
    kLanguage,  // '…' strings and "…" names
    kWithShell  // the same
};

// Splits `text` at top-level `;` (not inside quotes or `--` comments). Blank or comment-only
// remainders produce no span; a lone `;` does (an empty, terminated statement).
std::vector<StatementSpan> split_statements(std::string_view text,
                                            Quotes quotes = Quotes::kLanguage);

// Parses the statement in `text[span]` into an AST whose positions are relative to all of `text`.
// Throws QueryError(kSyntax) with line:column, offending token and what was expected.
ast::Statement parse_statement(std::string_view text, const StatementSpan& span);

// `text` as the language's string literal: in single quotes, each single quote inside doubled
// (the inverse of how the parser reads a STRING), so statements built from a user's words keep
// each word one literal.
std::string string_literal(std::string_view text);

// The language's keywords in lower case (for completion).
std::vector<std::string> language_keywords();

// Deepest parenthesis nesting and most operators one statement may have (guards the stack).
inline constexpr int kMaxNesting = 64;
inline constexpr int kMaxOperators = 256;

}  // namespace dayzero::query
