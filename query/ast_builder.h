#pragma once
// Internal to the parser adapter: turns an ANTLR parse tree into the AST. Included only by
// parser.cpp and ast_builder.cpp (it exposes generated ANTLR types).

#include <string_view>

#include "DayzeroQueryParser.h"
#include "query/ast.h"

namespace dayzero::query {

// Maps positions inside a statement's slice back to the whole script.
struct PosMapper {
    int base_line = 1;    // line of the slice's first character
    int base_column = 1;  // column of the slice's first character

    // The script position of (line, 0-based column) inside the slice.
    ast::SourcePos map(size_t line, size_t column) const {
        const int l = static_cast<int>(line);
        const int c = static_cast<int>(column) + 1;
        return {base_line + l - 1, l == 1 ? base_column + c - 1 : c};
    }
};

// Builds the AST for one parsed `statement` rule. Throws QueryError for values the grammar
// accepts but the language does not (an integer too large, a malformed string).
ast::Statement build_statement(grammar::DayzeroQueryParser::StatementContext* ctx,
                               const PosMapper& mapper);

}  // namespace dayzero::query
