#include "shell/delimited_renderer.h"

#include <charconv>
#include <cmath>
#include <variant>

#include "shell/result_renderer.h"
#include "text/csv_field.h"
#include "text/shortest_number.h"

namespace dayzero::shell {

namespace {

// OWASP's list of characters that make a spreadsheet cell start a formula.
bool starts_formula(std::string_view text) {
    if (text.empty()) return false;
    const char c = text.front();
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string guarded(std::string_view text, bool guard_formula) {
    std::string s(text);
    if (guard_formula && starts_formula(s)) s.insert(s.begin(), '\'');
    return s;
}

}  // namespace

std::string csv_field(std::string_view text, bool guard_formula) {
    const std::string s = guarded(text, guard_formula);
    // Edge spaces are quoted too (unlike text::csv_field): spreadsheets trim unquoted fields.
    const bool needs_quotes =
        text::csv_needs_quotes(s) || (!s.empty() && (s.front() == ' ' || s.back() == ' '));
    return needs_quotes ? text::csv_quoted(s) : s;
}

std::string tsv_field(std::string_view text, bool guard_formula) {
    std::string s = guarded(text, guard_formula);
    for (char& c : s) {
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return s;
}

std::string delimited_header(const std::vector<query::Column>& columns, bool tabs) {
    std::string line;
    for (size_t c = 0; c < columns.size(); ++c) {
        if (c > 0) line += tabs ? '\t' : ',';
        line += tabs ? tsv_field(columns[c].name, true) : csv_field(columns[c].name, true);
    }
    return line + "\n";
}

void append_delimited_row(std::string& line, const std::vector<query::Value>& row,
                          const std::vector<query::Column>& columns, bool tabs) {
    // Called once per row of a whole trial's export: numbers and plain text are appended in
    // place; only text that needs guarding or quoting takes the general path.
    char number[64];
    for (size_t c = 0; c < columns.size(); ++c) {
        if (c > 0) line += tabs ? '\t' : ',';
        if (c >= row.size()) continue;
        const query::Value& cell = row[c];
        if (const auto* i = std::get_if<int64_t>(&cell)) {
            line.append(number, std::to_chars(number, number + sizeof number, *i).ptr);
            continue;
        }
        if (const auto* d = std::get_if<double>(&cell); d != nullptr && std::isfinite(*d)) {
            line.append(number, text::shortest_chars(number, number + sizeof number, *d));
            continue;
        }
        if (const auto* b = std::get_if<bool>(&cell)) {
            line += *b ? "yes" : "no";
            continue;
        }
        if (std::holds_alternative<std::monostate>(cell)) continue;
        if (const auto* s = std::get_if<std::string>(&cell)) {
            // Only text can smuggle a formula: a typed number such as -1.5 stays a number.
            const bool plain = !starts_formula(*s) &&
                               (tabs ? s->find_first_of("\t\n\r") == std::string::npos
                                     : !text::csv_needs_quotes(*s) &&
                                           (s->empty() || (s->front() != ' ' && s->back() != ' ')));
            if (plain) {
                line += *s;
            } else {
                line += tabs ? tsv_field(*s, true) : csv_field(*s, true);
            }
            continue;
        }
        const std::string text = query::format_exact(cell, columns[c]);  // NA, Inf, -Inf
        line += tabs ? tsv_field(text, false) : csv_field(text, false);
    }
    line += '\n';
}

std::string delimited_row(const std::vector<query::Value>& row,
                          const std::vector<query::Column>& columns, bool tabs) {
    std::string line;
    append_delimited_row(line, row, columns, tabs);
    return line;
}

}  // namespace dayzero::shell
