#include "shell/delimited_renderer.h"

#include <variant>

#include "shell/result_renderer.h"
#include "text/csv_field.h"

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

std::string delimited_row(const std::vector<query::Value>& row,
                          const std::vector<query::Column>& columns, bool tabs) {
    std::string line;
    for (size_t c = 0; c < columns.size(); ++c) {
        if (c > 0) line += tabs ? '\t' : ',';
        if (c >= row.size()) continue;
        // Only text can smuggle a formula: a typed number such as -1.5 stays a number.
        const bool is_text = std::holds_alternative<std::string>(row[c]);
        const std::string text = query::format_exact(row[c], columns[c]);
        line += tabs ? tsv_field(text, is_text) : csv_field(text, is_text);
    }
    return line + "\n";
}

}  // namespace dayzero::shell
