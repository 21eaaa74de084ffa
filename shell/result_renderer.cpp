#include "shell/result_renderer.h"

#include <algorithm>
#include <ostream>

#include "shell/result_writer.h"

namespace dayzero::shell {

namespace {

struct ModeName {
    OutputMode mode;
    std::string_view name;
};

constexpr ModeName kModes[] = {
    {OutputMode::kTable, "table"}, {OutputMode::kCsv, "csv"},           {OutputMode::kTsv, "tsv"},
    {OutputMode::kJson, "json"},   {OutputMode::kMarkdown, "markdown"}, {OutputMode::kLine, "line"},
};

}  // namespace

std::optional<OutputMode> parse_output_mode(std::string_view name) {
    if (name == "md") return OutputMode::kMarkdown;
    for (const auto& m : kModes) {
        if (m.name == name) return m.mode;
    }
    return std::nullopt;
}

std::string_view output_mode_name(OutputMode mode) {
    for (const auto& m : kModes) {
        if (m.mode == mode) return m.name;
    }
    return "table";
}

std::string output_mode_list() {
    std::string list;
    for (const auto& m : kModes)
        list += (list.empty() ? "" : "|") + std::string(m.name);
    return list;
}

bool is_numeric_column(const query::Column& column) {
    using query::ColumnType;
    return column.type == ColumnType::kInteger || column.type == ColumnType::kNumber ||
           column.type == ColumnType::kPValue || column.type == ColumnType::kDay;
}

std::string cell_text(const query::Value& value, const query::Column& column) {
    return query::format_value(value, column);
}

bool is_machine_readable(OutputMode mode) {
    return mode == OutputMode::kCsv || mode == OutputMode::kTsv || mode == OutputMode::kJson;
}

std::vector<std::string> notes_to_show(const query::QueryResult& result, OutputMode mode) {
    if (is_machine_readable(mode) || result.quiet_notes.empty()) return result.notes;
    std::vector<std::string> shown;
    for (const auto& note : result.notes) {
        if (std::find(result.quiet_notes.begin(), result.quiet_notes.end(), note) ==
            result.quiet_notes.end())
            shown.push_back(note);
    }
    return shown;
}

void render_result(const query::QueryResult& result, const RenderOptions& options,
                   std::ostream& out, std::ostream& info) {
    if (!result.has_table()) {
        std::ostream& text_out = is_machine_readable(options.mode) ? info : out;
        if (!result.message.empty()) text_out << result.message << "\n";
        for (const auto& note : notes_to_show(result, options.mode))
            text_out << note << "\n";
        return;
    }
    ResultWriter writer(options, out, info);
    writer.begin(result);
    for (const auto& row : result.rows)
        writer.row(row);
    writer.finish(result, options.elapsed_ms);
}

}  // namespace dayzero::shell
