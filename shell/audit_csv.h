#pragma once
// CSV writing and reading for audit files (RFC 4180), with a reversible guard against spreadsheet
// formula injection for text cells written by people or taken from source files.

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dayzero::shell::audit {

// A text cell made safe for spreadsheets: a leading = + - @ TAB CR or ' gets a ' prefix (so a
// spreadsheet shows it as text), then RFC 4180 quoting. Unlike csv_field() of
// delimited_renderer.h the guard also covers a leading ', so unguard_text() undoes it exactly.
std::string csv_text(std::string_view cell);

// Removes the ' prefix csv_text added; other cells are returned unchanged.
std::string unguard_text(std::string_view cell);

// Joins already-quoted cells with commas and ends the row with CRLF (RFC 4180).
std::string csv_join(const std::vector<std::string>& cells);

// Reads one CSV record (quoted cells may span lines); nullopt at end of input. `line` is advanced
// by the number of physical lines consumed; `error` is set (and nullopt returned) on an unclosed
// quote.
std::optional<std::vector<std::string>> read_csv_record(std::istream& in, int& line,
                                                        std::string& error);

}  // namespace dayzero::shell::audit
