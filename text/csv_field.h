#pragma once
// Writing one CSV field (RFC 4180): the one place that decides when a field needs quotes.

#include <string>
#include <string_view>

namespace dayzero::text {

// True when `field` holds a comma, a double quote, a carriage return or a line feed, which a CSV
// reader would otherwise take for structure.
bool csv_needs_quotes(std::string_view field);

// `field` in double quotes, each double quote inside doubled.
std::string csv_quoted(std::string_view field);

// `field` as written in a CSV file: csv_quoted when csv_needs_quotes, else unchanged.
std::string csv_field(std::string_view field);

}  // namespace dayzero::text
