#pragma once
// Typed errors of the query pipeline. Each stage throws its own kind; the facade catches them once
// and turns them into a failed QueryResult whose text starts with the kind's fixed prefix.

#include <stdexcept>
#include <string>
#include <string_view>

#include "query/ast.h"

namespace dayzero::query {

enum class ErrorKind {
    kSyntax,       // "Syntax error"
    kUnknownName,  // "Unknown name"
    kType,         // "Type error"
    kInvalid,      // "Invalid statement": well-typed but not allowed (e.g. amend in read-only)
    kData,         // "Data error": the store failed or holds something unusable
    kInterrupted,  // "Interrupted"
};

// The fixed prefix of an error kind ("Syntax error").
std::string_view error_prefix(ErrorKind kind);

// An error raised by one stage, optionally pointing at a source position.
class QueryError : public std::runtime_error {
  public:
    QueryError(ErrorKind kind, std::string message, ast::SourcePos pos = {}, int width = 1)
        : std::runtime_error(message), kind_(kind), pos_(pos), width_(width) {}

    ErrorKind kind() const { return kind_; }
    const ast::SourcePos& pos() const { return pos_; }
    int width() const { return width_; }

  private:
    ErrorKind kind_;
    ast::SourcePos pos_;
    int width_;
};

// "Prefix at L:C: message" followed by the source line and a caret line under the position
// (when the error has a position inside `source`).
std::string render_error(const QueryError& error, std::string_view source);

}  // namespace dayzero::query
