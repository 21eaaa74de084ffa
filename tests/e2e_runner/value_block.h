#pragma once
// `query` blocks: a statement's result as values (one line per row, cells separated by a tab)
// rather than as rendered text, so that a change of rendering leaves these expectations alone.

#include <string>
#include <vector>

#include "query/query_result.h"

namespace dayzero::e2e {

// A cell as a query block states it: the text the CSV and table modes print, except that null is
// `NULL`, an empty text is `(empty)` and a backslash, tab, newline or carriage return inside the
// text is written `\\`, `\t`, `\n`, `\r` (so every row is one line and no line ends in a tab).
std::string value_text(const query::Value& value, const query::Column& column);

// The lines `result` gives in the shape of `expected` (a query block's expectation): the
// `columns:`, `title:` and `message:` lines that `expected` has, each `note:` line of `expected`
// that is among the result's notes (all of them when `keep_missing_notes`), then one line per
// row. With no expectation yet (`fresh`), the columns line (or, for a result without a table,
// its message) and the rows.
std::vector<std::string> value_lines(const std::vector<std::string>& expected, bool fresh,
                                     const query::QueryResult& result, bool keep_missing_notes);

// The `note:` lines of `expected` that name no note of `result`.
std::vector<std::string> missing_notes(const std::vector<std::string>& expected,
                                       const query::QueryResult& result);

}  // namespace dayzero::e2e
