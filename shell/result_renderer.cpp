#include "shell/result_renderer.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <variant>

#include "shell/box_table.h"
#include "shell/delimited_renderer.h"
#include "shell/text_width.h"

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

nlohmann::ordered_json json_value(const query::Value& value) {
    if (const auto* i = std::get_if<int64_t>(&value)) return *i;
    if (const auto* d = std::get_if<double>(&value)) {
        if (!std::isfinite(*d)) return nullptr;  // JSON has no NaN/Inf; null is the honest answer
        return *d;
    }
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* b = std::get_if<bool>(&value)) return *b;
    return nullptr;
}

void render_json(const query::QueryResult& result, std::ostream& out) {
    auto rows = nlohmann::ordered_json::array();
    for (const auto& row : result.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (size_t c = 0; c < result.columns.size(); ++c)
            object[result.columns[c].name] = c < row.size() ? json_value(row[c]) : nullptr;
        rows.push_back(std::move(object));
    }
    // error_handler replace: invalid UTF-8 in stored text must not abort the whole export.
    out << rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

std::string markdown_cell(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n')
            out += "<br>";
        else if (c != '\r')
            out += c;
    }
    return out;
}

void render_markdown(const query::QueryResult& result, std::ostream& out) {
    if (!result.title.empty()) out << "**" << markdown_cell(result.title) << "**\n\n";
    std::string header = "|", rule = "|";
    for (const auto& column : result.columns) {
        header += " " + markdown_cell(column.name) + " |";
        rule += is_numeric_column(column) ? " ---: |" : " --- |";
    }
    out << header << "\n" << rule << "\n";
    for (const auto& row : result.rows) {
        out << "|";
        for (size_t c = 0; c < result.columns.size(); ++c)
            out << " "
                << (c < row.size() ? markdown_cell(cell_text(row[c], result.columns[c])) : "")
                << " |";
        out << "\n";
    }
    if (!result.notes.empty()) out << "\n";
    for (const auto& note : result.notes)
        out << markdown_cell(note) << "\n";
}

void render_lines(const query::QueryResult& result, std::ostream& out) {
    if (!result.title.empty()) out << result.title << "\n\n";
    int name_width = 0;
    for (const auto& column : result.columns)
        name_width = std::max(name_width, display_width(column.name));
    const std::string indent(static_cast<size_t>(name_width) + 3, ' ');
    for (size_t r = 0; r < result.rows.size(); ++r) {
        if (r > 0) out << "\n";
        const auto& row = result.rows[r];
        for (size_t c = 0; c < result.columns.size(); ++c) {
            const std::string text = c < row.size() ? cell_text(row[c], result.columns[c]) : "";
            out << pad_to_width(result.columns[c].name, name_width, true) << " = ";
            bool first = true;
            for (const auto& line : wrap_to_width(text, 1 << 20)) {
                out << (first ? "" : indent) << line << "\n";
                first = false;
            }
        }
    }
    for (const auto& note : result.notes)
        out << note << "\n";
}

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

void render_result(const query::QueryResult& full, const RenderOptions& settings, std::ostream& out,
                   std::ostream& info) {
    RenderOptions options = settings;
    const query::QueryResult* shown = &full;
    query::QueryResult copy;
    // `.maxrows` (table mode) keeps the first and last rows; `.nullvalue` fills empty cells.
    const bool elide = options.mode == OutputMode::kTable && options.max_rows > 0 &&
                       full.rows.size() > options.max_rows;
    if (elide || !options.null_text.empty()) {
        copy = full;
        if (elide) {
            const size_t head = (options.max_rows + 1) / 2;
            const size_t tail = options.max_rows - head;
            copy.rows.erase(copy.rows.begin() + static_cast<std::ptrdiff_t>(head),
                            copy.rows.end() - static_cast<std::ptrdiff_t>(tail));
            options.omitted_rows = full.rows.size() - options.max_rows;
            options.omitted_after = head;
        }
        if (!options.null_text.empty()) {
            for (auto& row : copy.rows) {
                for (auto& cell : row) {
                    if (std::holds_alternative<std::monostate>(cell)) cell = options.null_text;
                }
            }
        }
        shown = &copy;
    }
    const query::QueryResult& result = *shown;
    const bool machine = options.mode == OutputMode::kCsv || options.mode == OutputMode::kTsv ||
                         options.mode == OutputMode::kJson;
    std::ostream& text_out = machine ? info : out;
    if (!result.has_table()) {
        if (!result.message.empty()) text_out << result.message << "\n";
        for (const auto& note : result.notes)
            text_out << note << "\n";
        return;
    }
    if (!result.message.empty()) text_out << result.message << "\n";
    switch (options.mode) {
        case OutputMode::kTable:
            render_box_table(result, options, out);
            return;
        case OutputMode::kMarkdown:
            render_markdown(result, out);
            return;
        case OutputMode::kLine:
            render_lines(result, out);
            return;
        case OutputMode::kCsv:
        case OutputMode::kTsv:
            if (options.headers) {
                render_delimited(result, options.mode == OutputMode::kTsv, out);
            } else {  // the same lines without the first (column names never hold a newline)
                std::ostringstream lines;
                render_delimited(result, options.mode == OutputMode::kTsv, lines);
                const std::string text = lines.str();
                out << text.substr(std::min(text.size(), text.find('\n') + 1));
            }
            break;
        case OutputMode::kJson:
            render_json(result, out);
            break;
    }
    if (!result.title.empty()) info << result.title << "\n";
    for (const auto& note : result.notes)
        info << note << "\n";
}

}  // namespace dayzero::shell
