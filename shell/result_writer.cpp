#include "shell/result_writer.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>
#include <variant>

#include "shell/delimited_renderer.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

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

// One row as a JSON object, indented as an element of the top-level array.
std::string json_row(const std::vector<query::Value>& row,
                     const std::vector<query::Column>& columns) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t c = 0; c < columns.size(); ++c)
        object[columns[c].name] = c < row.size() ? json_value(row[c]) : nullptr;
    // error_handler replace: invalid UTF-8 in stored text must not abort the whole export.
    const std::string text =
        object.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string indented = "  ";
    for (char c : text) {
        indented += c;
        if (c == '\n') indented += "  ";
    }
    return indented;
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

}  // namespace

ResultWriter::ResultWriter(const RenderOptions& options, std::ostream& out, std::ostream& info)
    : options_(options), out_(out), info_(info) {}

bool ResultWriter::machine() const {
    return is_machine_readable(options_.mode);
}

std::ostream& ResultWriter::data() {
    if (before_output_) {
        auto once = std::move(before_output_);
        before_output_ = nullptr;
        once();
    }
    return out_;
}

void ResultWriter::begin(const query::QueryResult& head) {
    begun_ = true;
    columns_ = head.columns;
    switch (options_.mode) {
        case OutputMode::kTable:
            table_ = std::make_unique<BoxTableWriter>(options_, out_);
            if (!head.title.empty()) data();
            table_->begin(head.title, columns_);
            return;
        case OutputMode::kMarkdown: {
            std::ostream& out = data();
            if (!head.title.empty()) out << "**" << markdown_cell(head.title) << "**\n\n";
            std::string header = "|", rule = "|";
            for (const auto& column : columns_) {
                header += " " + markdown_cell(column.name) + " |";
                rule += is_numeric_column(column) ? " ---: |" : " --- |";
            }
            out << header << "\n" << rule << "\n";
            return;
        }
        case OutputMode::kLine:
            if (!head.title.empty()) data() << head.title << "\n\n";
            return;
        case OutputMode::kCsv:
        case OutputMode::kTsv:
            if (options_.headers)
                data() << delimited_header(columns_, options_.mode == OutputMode::kTsv);
            return;
        case OutputMode::kJson:
            return;  // "[" waits for the first row: an empty result is "[]"
    }
}

void ResultWriter::row(const std::vector<query::Value>& cells) {
    ++rows_;
    // `.nullvalue`: a missing value shown as the user's text (JSON keeps its null).
    if (!options_.null_text.empty() && options_.mode != OutputMode::kJson) {
        std::vector<query::Value> filled = cells;
        for (auto& cell : filled) {
            if (std::holds_alternative<std::monostate>(cell)) cell = options_.null_text;
        }
        write_row(filled);
        return;
    }
    write_row(cells);
}

void ResultWriter::write_row(const std::vector<query::Value>& cells) {
    auto text = [&](size_t c) { return c < cells.size() ? cell_text(cells[c], columns_[c]) : ""; };
    switch (options_.mode) {
        case OutputMode::kTable: {
            std::vector<std::string> texts;
            texts.reserve(columns_.size());
            for (size_t c = 0; c < columns_.size(); ++c)
                texts.push_back(text(c));
            data();
            // `.maxrows`: the first half goes out as it comes, the last rows wait in `tail_`.
            const size_t max = options_.max_rows;
            if (max == 0 || rows_ <= (max + 1) / 2) {
                table_->add(std::move(texts));
            } else {
                tail_.push_back(std::move(texts));
                if (tail_.size() > max - (max + 1) / 2) {
                    tail_.pop_front();
                    ++left_out_;
                }
            }
            return;
        }
        case OutputMode::kMarkdown: {
            std::string line = "|";
            for (size_t c = 0; c < columns_.size(); ++c)
                line += " " + markdown_cell(text(c)) + " |";
            data() << line << "\n";
            return;
        }
        case OutputMode::kLine: {
            std::ostream& out = data();
            if (rows_ > 1) out << "\n";
            std::vector<std::string> texts;
            for (size_t c = 0; c < columns_.size(); ++c)
                texts.push_back(text(c));
            write_line_row(out, columns_, texts);
            return;
        }
        case OutputMode::kCsv:
        case OutputMode::kTsv:
            // Rows go out a block at a time, not a stream write each: every write locks and
            // copies through the stream's own buffer.
            append_delimited_row(line_, cells, columns_, options_.mode == OutputMode::kTsv);
            if (line_.size() >= kRowBlock) write_held_text();
            return;
        case OutputMode::kJson:
            data() << (rows_ == 1 ? "[\n" : ",\n") << json_row(cells, columns_);
            return;
    }
}

void ResultWriter::add_held_rows() {
    if (left_out_ > 0) table_->omit(left_out_);
    for (auto& texts : tail_)
        table_->add(std::move(texts));
    tail_.clear();
}

void ResultWriter::write_held_text() {
    if (line_.empty()) return;
    data().write(line_.data(), static_cast<std::streamsize>(line_.size()));
    line_.clear();
}

void ResultWriter::abandon() {
    if (!begun_ || finished_) return;
    finished_ = true;
    write_held_text();
    if (table_) {
        add_held_rows();
        table_->abandon();
    }
    if (options_.mode == OutputMode::kJson && rows_ > 0) out_ << "\n]\n";
    out_.flush();
}

void ResultWriter::finish(const query::QueryResult& result, std::optional<double> elapsed_ms) {
    if (finished_) return;
    finished_ = true;
    write_held_text();
    // A table's message ("59 events", "93 patients, 2,011 patient-days") follows its rows and
    // footer, with the notes, whether the rows were held or streamed.
    std::vector<std::string> lines;
    if (!result.message.empty()) lines.push_back(result.message);
    const std::vector<std::string> notes = notes_to_show(result, options_.mode);
    lines.insert(lines.end(), notes.begin(), notes.end());
    switch (options_.mode) {
        case OutputMode::kTable:
            add_held_rows();
            table_->end(result.row_count(), elapsed_ms, lines);
            break;
        case OutputMode::kMarkdown:
            if (!lines.empty()) out_ << "\n";
            for (const auto& line : lines)
                out_ << markdown_cell(line) << "\n";
            break;
        case OutputMode::kLine:
            for (const auto& line : lines)
                out_ << line << "\n";
            break;
        case OutputMode::kJson:
            out_ << (rows_ == 0 ? "[]\n" : "\n]\n");
            [[fallthrough]];
        case OutputMode::kCsv:
        case OutputMode::kTsv:
            if (!result.title.empty()) info_ << result.title << "\n";
            for (const auto& line : lines)
                info_ << line << "\n";
            break;
    }
    out_.flush();
}

}  // namespace dayzero::shell
