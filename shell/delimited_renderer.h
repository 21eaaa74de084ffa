#pragma once
// CSV and TSV output for spreadsheets and scripts.

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "query/query_result.h"

namespace dayzero::shell {

// One CSV field (RFC 4180 quoting). Text that a spreadsheet would run as a formula (a leading
// =, +, -, @, tab or carriage return) is prefixed with a single quote when `guard_formula`.
std::string csv_field(std::string_view text, bool guard_formula);

// One TSV field: tabs, newlines and carriage returns become single spaces (TSV cannot quote).
std::string tsv_field(std::string_view text, bool guard_formula);

// The header line (with its newline): column names separated by ',' (csv) or '\t' (tsv).
std::string delimited_header(const std::vector<query::Column>& columns, bool tabs);

// Appends one row's line (with its newline) to `line`: every number at full precision, the
// shortest text that reads back to the same double (as query::format_exact).
void append_delimited_row(std::string& line, const std::vector<query::Value>& row,
                          const std::vector<query::Column>& columns, bool tabs);

// One row's line (with its newline), every number at full precision (query::format_exact).
std::string delimited_row(const std::vector<query::Value>& row,
                          const std::vector<query::Column>& columns, bool tabs);

}  // namespace dayzero::shell
