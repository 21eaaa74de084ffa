#pragma once
// Renders a QueryResult in one of the shell's output modes (table, csv, tsv, json, markdown, line).

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/query_result.h"

namespace dayzero::shell {

enum class OutputMode { kTable, kCsv, kTsv, kJson, kMarkdown, kLine };

// Parses a mode name ("table", "csv", "tsv", "json", "markdown" or "md", "line"); nullopt
// otherwise.
std::optional<OutputMode> parse_output_mode(std::string_view name);

// The canonical name of a mode.
std::string_view output_mode_name(OutputMode mode);

// True for the machine-readable modes (csv, tsv, json): their data stays parseable, so titles,
// notes and messages go to a separate stream.
bool is_machine_readable(OutputMode mode);

// "table|csv|tsv|json|markdown|line", for usage and error messages.
std::string output_mode_list();

struct RenderOptions {
    OutputMode mode = OutputMode::kTable;
    int width = 100;                   // terminal columns the table must fit
    bool color = false;                // ANSI bold headers and dim borders
    std::optional<double> elapsed_ms;  // `.timer on`: shown in the footer
    bool headers = true;               // `.headers off`: no header row (table, csv, tsv)
    std::string null_text;             // `.nullvalue`: how a missing value is shown
    size_t max_rows = 0;               // `.maxrows`: table mode elides the middle rows (0 = all)
};

// Writes `result` to `out`. Data goes to `out`; in the machine-readable modes (csv, tsv, json)
// titles, notes and messages go to `info` so that `out` stays parseable. Errors are not rendered
// here (the caller prints result.error).
void render_result(const query::QueryResult& result, const RenderOptions& options,
                   std::ostream& out, std::ostream& info);

// The notes to print with `result` in `mode`: all of them in the machine-readable modes (csv,
// tsv, json); on a screen, without the quiet ones the session has already shown (quiet_notes).
std::vector<std::string> notes_to_show(const query::QueryResult& result, OutputMode mode);

// True for column types that are right-aligned (integers, numbers, p-values, days).
bool is_numeric_column(const query::Column& column);

// The text shown for a cell in the human-readable modes.
std::string cell_text(const query::Value& value, const query::Column& column);

}  // namespace dayzero::shell
