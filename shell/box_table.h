#pragma once
// Aligned Unicode box tables fitted to a terminal width.

#include <iosfwd>
#include <optional>

#include "query/query_result.h"

namespace dayzero::shell {

struct RenderOptions;

// Draws the title, the boxed table, the footer ("N rows", elapsed time) and the notes of
// `result`. Text columns wrap when the table would be wider than options.width; numbers stay
// intact and right-aligned as long as anything can.
void render_box_table(const query::QueryResult& result, const RenderOptions& options,
                      std::ostream& out);

// "1 row", "12 rows", with " (0.012 s)" appended when `elapsed_ms` is set.
std::string row_count_footer(size_t rows, const std::optional<double>& elapsed_ms);

}  // namespace dayzero::shell
