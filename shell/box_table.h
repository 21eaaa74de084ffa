#pragma once
// Aligned Unicode box tables fitted to a terminal width.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "query/query_result.h"
#include "shell/result_renderer.h"

namespace dayzero::shell {

// Column widths of a box table, planned from the rows it has seen.
struct BoxLayout {
    std::vector<int> widths;
    std::vector<bool> numeric;
    // The table could not fit even by wrapping: its rows are written as `name = value` lines
    // (as `.mode line` does) instead of cutting values.
    bool as_lines = false;
};

// Writes one box table row by row. Column widths are planned from the first kLayoutRows rows
// (all of them in a smaller table), then those rows and every later one are written at once, so
// a whole trial's table is printed while it is read. A later number wider than its column is
// printed whole (it overflows the border) rather than cut. A table too wide to fit by wrapping
// is written as `name = value` lines after a one-line note: no value is ever cut.
class BoxTableWriter {
  public:
    static constexpr size_t kLayoutRows = 1000;

    BoxTableWriter(const RenderOptions& options, std::ostream& out);
    // Writes the title; the header waits for the layout.
    void begin(const std::string& title, const std::vector<query::Column>& columns);
    // One row of cell texts (cell_text), in column order.
    void add(std::vector<std::string> cells);
    // `.maxrows`: a line saying `rows` rows were left out, between the rows added before and
    // after this call.
    void omit(uint64_t rows);
    // Writes the rows still held, the bottom border, the footer for `rows` rows (with
    // `elapsed_ms` when set) and then `notes`, one line each.
    void end(uint64_t rows, const std::optional<double>& elapsed_ms,
             const std::vector<std::string>& notes);
    // Ends a table cut short by an error: the rows held and the bottom border, no footer.
    void abandon();

  private:
    void write_pending();
    void border(const std::string& line);
    // One row (or the omitted-rows line) in the `name = value` form of a table too wide.
    void write_record(const std::vector<std::string>& cells);

    RenderOptions options_;
    std::ostream& out_;
    std::vector<query::Column> columns_;
    std::vector<std::vector<std::string>> pending_;
    std::optional<BoxLayout> layout_;
    bool ended_ = false;
    uint64_t omitted_ = 0;
    std::optional<size_t> omit_at_;  // where in pending_ the omitted-rows line goes
    uint64_t records_ = 0;           // rows written as lines, for the blank line between them
};

// "1 row", "12 rows", with " (0.012 s)" appended when `elapsed_ms` is set.
std::string row_count_footer(uint64_t rows, const std::optional<double>& elapsed_ms);

// Writes one row as `name = value` lines, names right-aligned; a value's lines (and, with
// `width` > 0, its words wrapped to the width left) continue under the value.
void write_line_row(std::ostream& out, const std::vector<query::Column>& columns,
                    const std::vector<std::string>& texts, int width = 0);

}  // namespace dayzero::shell
