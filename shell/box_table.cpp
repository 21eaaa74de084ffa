#include "shell/box_table.h"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "shell/progress_line.h"
#include "shell/result_renderer.h"
#include "shell/text_width.h"

namespace dayzero::shell {

namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";
constexpr int kMinTextWidth = 8;        // below this a wrapped text column becomes unreadable
constexpr int kMinLineValueWidth = 20;  // a value in line form wraps no narrower than this

int max_line_width(const std::string& text) {
    int best = 0;
    for (const auto& line : wrap_to_width(text, 1 << 20))
        best = std::max(best, display_width(line));
    return best;
}

// Shrinks the widest column still above its minimum, one column at a time, until the table fits.
void shrink_to_fit(std::vector<int>& widths, const std::vector<int>& minimum, int available) {
    auto total = [&] {
        int sum = 0;
        for (int w : widths)
            sum += w;
        return sum;
    };
    while (total() > available) {
        int pick = -1;
        for (size_t i = 0; i < widths.size(); ++i) {
            if (widths[i] > minimum[i] &&
                (pick < 0 || widths[i] > widths[static_cast<size_t>(pick)]))
                pick = static_cast<int>(i);
        }
        if (pick < 0) return;
        --widths[static_cast<size_t>(pick)];
    }
}

BoxLayout plan_layout(const std::vector<query::Column>& columns,
                      const std::vector<std::vector<std::string>>& cells, int terminal_width) {
    const size_t n = columns.size();
    BoxLayout layout;
    std::vector<int> natural(n, 1), value_width(n, 1);
    for (size_t c = 0; c < n; ++c) {
        layout.numeric.push_back(is_numeric_column(columns[c]));
        natural[c] = std::max(1, max_line_width(columns[c].name));
        for (const auto& row : cells)
            value_width[c] = std::max(value_width[c], max_line_width(row[c]));
        natural[c] = std::max(natural[c], value_width[c]);
    }
    // Borders: "│ " before each column, " │" after the last, " │ " between columns.
    const int available = terminal_width - static_cast<int>(3 * n + 1);
    layout.widths = natural;
    std::vector<int> minimum(n);
    for (size_t c = 0; c < n; ++c) {
        // Headers may wrap between words but not inside one, numbers never.
        const int header_word = std::min(widest_word(columns[c].name), natural[c]);
        const int values = layout.numeric[c] ? value_width[c] : std::min(natural[c], kMinTextWidth);
        minimum[c] = std::max(values, header_word);
    }
    shrink_to_fit(layout.widths, minimum, available);
    int total = 0;
    for (int w : layout.widths)
        total += w;
    // Still too wide: narrower columns would cut values or headers, which then misread; the rows
    // are written as lines instead.
    layout.as_lines = total > available;
    return layout;
}

int widest_name(const std::vector<query::Column>& columns) {
    int width = 0;
    for (const auto& column : columns)
        width = std::max(width, display_width(column.name));
    return width;
}

std::string repeat(const char* piece, int count) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += piece;
    return out;
}

std::string rule(const BoxLayout& layout, const char* left, const char* mid, const char* right) {
    std::string line = left;
    for (size_t c = 0; c < layout.widths.size(); ++c) {
        if (c > 0) line += mid;
        line += repeat("─", layout.widths[c] + 2);
    }
    return line + right;
}

// Splits one cell into the lines it occupies: text is wrapped; numbers are never wrapped (a
// wrapped number misreads).
std::vector<std::string> cell_lines(const std::string& text, int width, bool one_line) {
    if (one_line) return {text};
    return wrap_to_width(text, width);
}

void write_row(std::ostream& out, const BoxLayout& layout, const std::vector<std::string>& texts,
               bool header, bool color) {
    std::vector<std::vector<std::string>> lines;
    size_t height = 1;
    for (size_t c = 0; c < texts.size(); ++c) {
        // A header wraps between its words (the layout keeps every column as wide as the widest
        // word of its name): a name cut to `max_…` cannot be told from its neighbours.
        const bool one_line = !header && layout.numeric[c];
        lines.push_back(cell_lines(texts[c], layout.widths[c], one_line));
        height = std::max(height, lines.back().size());
    }
    const std::string bar = color ? std::string(kDim) + "│" + kReset : "│";
    for (size_t h = 0; h < height; ++h) {
        std::string line = bar;
        for (size_t c = 0; c < texts.size(); ++c) {
            const std::string piece = h < lines[c].size() ? lines[c][h] : "";
            const bool right = layout.numeric[c];
            std::string padded = pad_to_width(piece, layout.widths[c], right);
            if (header && color) padded = kBold + padded + kReset;
            line += " " + padded + " " + bar;
        }
        out << line << "\n";
    }
}

// `.maxrows`: one line across the table where the middle rows were left out.
void write_omitted(std::ostream& out, const BoxLayout& layout, uint64_t omitted) {
    int inner = -3;
    for (int w : layout.widths)
        inner += w + 3;
    const std::string text = "… " + with_thousands(omitted) + " rows omitted …";
    const int pad = std::max(0, inner - display_width(text));
    out << "│ " << std::string(static_cast<size_t>(pad / 2), ' ') << text
        << std::string(static_cast<size_t>(pad - pad / 2), ' ') << " │\n";
}

}  // namespace

void write_line_row(std::ostream& out, const std::vector<query::Column>& columns,
                    const std::vector<std::string>& texts, int width) {
    const int name_width = widest_name(columns);
    const std::string indent(static_cast<size_t>(name_width) + 3, ' ');
    const int value_width =
        width > 0 ? std::max(kMinLineValueWidth, width - name_width - 3) : (1 << 20);
    for (size_t c = 0; c < columns.size(); ++c) {
        out << pad_to_width(columns[c].name, name_width, true) << " = ";
        bool first = true;
        for (const auto& line : wrap_to_width(c < texts.size() ? texts[c] : "", value_width)) {
            out << (first ? "" : indent) << line << "\n";
            first = false;
        }
        if (first) out << "\n";
    }
}

std::string row_count_footer(uint64_t rows, const std::optional<double>& elapsed_ms) {
    std::string text = std::to_string(rows) + (rows == 1 ? " row" : " rows");
    if (elapsed_ms) {
        char buf[48];
        std::snprintf(buf, sizeof buf, " (%.1f ms)", *elapsed_ms);
        text += buf;
    }
    return text;
}

BoxTableWriter::BoxTableWriter(const RenderOptions& options, std::ostream& out)
    : options_(options), out_(out) {}

void BoxTableWriter::begin(const std::string& title, const std::vector<query::Column>& columns) {
    columns_ = columns;
    if (!title.empty()) out_ << (options_.color ? kBold + title + kReset : title) << "\n";
}

void BoxTableWriter::border(const std::string& line) {
    out_ << (options_.color ? kDim + line + kReset : line) << "\n";
}

void BoxTableWriter::write_record(const std::vector<std::string>& cells) {
    if (records_++ > 0) out_ << "\n";
    write_line_row(out_, columns_, cells, options_.width);
}

void BoxTableWriter::write_pending() {
    if (!layout_) {
        layout_ = plan_layout(columns_, pending_, options_.width);
        if (layout_->as_lines) {
            out_ << "(too wide for " << options_.width
                 << " columns as a table: each row is shown as name = value lines)\n\n";
        } else {
            std::vector<std::string> header;
            for (const auto& column : columns_)
                header.push_back(column.name);
            border(rule(*layout_, "┌", "┬", "┐"));
            if (options_.headers) {
                write_row(out_, *layout_, header, true, options_.color);
                border(rule(*layout_, "├", "┼", "┤"));
            }
        }
    }
    for (size_t i = 0; i <= pending_.size(); ++i) {
        if (omit_at_ && *omit_at_ == i) {
            if (layout_->as_lines) {
                out_ << "\n… " << with_thousands(omitted_) << " rows omitted …\n";
            } else {
                write_omitted(out_, *layout_, omitted_);
            }
            omit_at_.reset();
        }
        if (i >= pending_.size()) break;
        if (layout_->as_lines) {
            write_record(pending_[i]);
        } else {
            write_row(out_, *layout_, pending_[i], false, options_.color);
        }
    }
    pending_.clear();
}

void BoxTableWriter::add(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    pending_.push_back(std::move(cells));
    if (layout_ || pending_.size() >= kLayoutRows) write_pending();
}

void BoxTableWriter::omit(uint64_t rows) {
    omitted_ += rows;
    omit_at_ = pending_.size();  // before the next row; widths still count the rows after it
}

void BoxTableWriter::end(uint64_t rows, const std::optional<double>& elapsed_ms,
                         const std::vector<std::string>& notes) {
    abandon();
    out_ << row_count_footer(rows, elapsed_ms);
    if (omitted_ > 0) out_ << " (" << with_thousands(rows - omitted_) << " shown)";
    out_ << "\n";
    // Notes are prose: wrapped between words to the width, never cut inside one.
    for (const auto& note : notes) {
        for (const auto& line : wrap_words(note, options_.width))
            out_ << line << "\n";
    }
}

void BoxTableWriter::abandon() {
    if (ended_) return;
    ended_ = true;
    write_pending();
    if (layout_->as_lines) {
        out_ << "\n";  // the footer stands apart from the last row's lines
    } else {
        border(rule(*layout_, "└", "┴", "┘"));
    }
}

}  // namespace dayzero::shell
