#include "tests/e2e_runner/value_block.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <variant>

namespace dayzero::e2e {

namespace {

constexpr std::string_view kColumns = "columns:";
constexpr std::string_view kTitle = "title:";
constexpr std::string_view kMessage = "message:";
constexpr std::string_view kNote = "note:";

// The text after `key` when `line` is a `key` line ("note: x" -> "x"), else nullopt.
std::optional<std::string> keyed(const std::string& line, std::string_view key) {
    if (!line.starts_with(key)) return std::nullopt;
    std::string rest = line.substr(key.size());
    if (rest.empty()) return rest;
    if (rest.front() != ' ') return std::nullopt;
    return rest.substr(1);
}

std::string keyed_line(std::string_view key, const std::string& text) {
    return std::string(key) + (text.empty() ? "" : " " + text);
}

// The lines before the first row: those starting with one of the four keys.
struct Header {
    bool columns = false, title = false, message = false;
    std::vector<std::string> notes;
};

Header header_of(const std::vector<std::string>& expected) {
    Header header;
    for (const auto& line : expected) {
        if (keyed(line, kColumns)) {
            header.columns = true;
        } else if (keyed(line, kTitle)) {
            header.title = true;
        } else if (keyed(line, kMessage)) {
            header.message = true;
        } else if (auto note = keyed(line, kNote)) {
            header.notes.push_back(*note);
        } else {
            break;  // the first row: everything after it is a row too
        }
    }
    return header;
}

bool has_note(const query::QueryResult& result, const std::string& note) {
    return std::find(result.notes.begin(), result.notes.end(), note) != result.notes.end();
}

std::string columns_text(const query::QueryResult& result) {
    std::string text;
    for (size_t c = 0; c < result.columns.size(); ++c)
        text += (c > 0 ? "\t" : "") + result.columns[c].name;
    return text;
}

}  // namespace

std::string value_text(const query::Value& value, const query::Column& column) {
    if (std::holds_alternative<std::monostate>(value)) return "NULL";
    const std::string text = query::format_value(value, column);
    if (text.empty()) return "(empty)";
    std::string out;
    for (char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::vector<std::string> value_lines(const std::vector<std::string>& expected, bool fresh,
                                     const query::QueryResult& result, bool keep_missing_notes) {
    Header header = header_of(expected);
    if (fresh) {
        header.columns = result.has_table();
        header.message = !result.has_table() && !result.message.empty();
    }
    std::vector<std::string> lines;
    if (header.columns) lines.push_back(keyed_line(kColumns, columns_text(result)));
    if (header.title) lines.push_back(keyed_line(kTitle, result.title));
    if (header.message) lines.push_back(keyed_line(kMessage, result.message));
    for (const auto& note : header.notes) {
        if (keep_missing_notes || has_note(result, note)) lines.push_back(keyed_line(kNote, note));
    }
    for (const auto& row : result.rows) {
        std::string line;
        for (size_t c = 0; c < result.columns.size(); ++c) {
            if (c > 0) line += '\t';
            // A short row renders as empty cells in every mode; here it reads as null.
            line += c < row.size() ? value_text(row[c], result.columns[c]) : "NULL";
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<std::string> missing_notes(const std::vector<std::string>& expected,
                                       const query::QueryResult& result) {
    std::vector<std::string> missing;
    for (const auto& note : header_of(expected).notes) {
        if (!has_note(result, note)) missing.push_back(keyed_line(kNote, note));
    }
    return missing;
}

}  // namespace dayzero::e2e
