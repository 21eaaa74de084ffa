#pragma once
// The parser adapter: text → AST. The only code that sees ANTLR types (parser.cpp,
// ast_builder.cpp).

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
};

// Splits `text` at top-level `;` (not inside strings or `--` comments). Blank or comment-only
// remainders produce no span.
std::vector<StatementSpan> split_statements(std::string_view text);

// Parses the statement in `text[span]` into an AST whose positions are relative to all of `text`.
// Throws QueryError(kSyntax) with line:column, offending token and what was expected.
ast::Statement parse_statement(std::string_view text, const StatementSpan& span);

// The language's keywords in lower case (for completion).
std::vector<std::string> language_keywords();

// Deepest parenthesis nesting and most operators one statement may have (guards the stack).
inline constexpr int kMaxNesting = 64;
inline constexpr int kMaxOperators = 256;

}  // namespace dayzero::query
