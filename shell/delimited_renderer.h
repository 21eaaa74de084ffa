#pragma once
// CSV and TSV output for spreadsheets and scripts.

#include <iosfwd>
#include <string>
#include <string_view>

#include "query/query_result.h"

namespace dayzero::shell {

// One CSV field (RFC 4180 quoting). Text that a spreadsheet would run as a formula (a leading
// =, +, -, @, tab or carriage return) is prefixed with a single quote when `guard_formula`.
std::string csv_field(std::string_view text, bool guard_formula);

// One TSV field: tabs, newlines and carriage returns become single spaces (TSV cannot quote).
std::string tsv_field(std::string_view text, bool guard_formula);

// Writes a header line and one line per row, fields separated by ',' (csv) or '\t' (tsv).
void render_delimited(const query::QueryResult& result, bool tabs, std::ostream& out);

}  // namespace dayzero::shell
