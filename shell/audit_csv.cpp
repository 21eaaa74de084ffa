#include "shell/audit_csv.h"

#include "shell/delimited_renderer.h"

namespace dayzero::shell::audit {
namespace {

// Spreadsheets evaluate a cell starting with these as a formula (OWASP "CSV injection"); the
// apostrophe itself is included so that the guard can be removed without ambiguity.
bool needs_guard(std::string_view cell) {
    if (cell.empty()) return false;
    switch (cell.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
        case '\'':
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string csv_text(std::string_view cell) {
    if (!needs_guard(cell)) return csv_field(cell, /*guard_formula=*/false);
    std::string guarded = "'";
    guarded += cell;
    return csv_field(guarded, /*guard_formula=*/false);
}

std::string unguard_text(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'' && needs_guard(cell.substr(1)))
        return std::string(cell.substr(1));
    return std::string(cell);
}

std::string csv_join(const std::vector<std::string>& cells) {
    std::string row;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) row += ',';
        row += cells[i];
    }
    row += "\r\n";
    return row;
}

std::optional<std::vector<std::string>> read_csv_record(std::istream& in, int& line,
                                                        std::string& error) {
    std::string physical;
    if (!std::getline(in, physical)) return std::nullopt;
    ++line;
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (;;) {
        for (size_t i = 0; i < physical.size(); ++i) {
            const char c = physical[i];
            if (quoted) {
                if (c != '"') {
                    cell += c;
                } else if (i + 1 < physical.size() && physical[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.push_back(std::move(cell));
                cell.clear();
            } else if (c == '\r' && i + 1 == physical.size()) {
                // CRLF line end: the CR is not part of the cell.
            } else {
                cell += c;
            }
        }
        if (!quoted) break;
        // A quoted cell continues on the next physical line; the line break is part of it.
        if (!std::getline(in, physical)) {
            error = "unclosed quote at end of file";
            return std::nullopt;
        }
        ++line;
        cell += '\n';
    }
    cells.push_back(std::move(cell));
    return cells;
}

}  // namespace dayzero::shell::audit
