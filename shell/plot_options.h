#pragma once
// The words of a `plot …` statement, and the figure's own clauses among them: `title '…'`,
// `xlabel '…'`, `ylabel '…'`, `labels ('…', …)` and `with ci` (docs/SHELL.md, "Figures").

#include <string>
#include <string_view>
#include <vector>

#include "shell/figure_style.h"
#include "store/status.h"

namespace dayzero::shell {

// One word of a plot statement: a bare word, a quoted string (quotes removed, a doubled quote
// read as one), or one of the marks ( ) , .
struct PlotToken {
    std::string text;
    bool quoted = false;
    size_t column = 0;          // 1-based position in the statement, for errors
    size_t width = 0;           // columns it takes in the statement (quotes included)
    bool space_before = false;  // written after white space (kept when joined again)
};

// Splits a plot statement into tokens; an error naming the column of an unterminated quote.
store::Result<std::vector<PlotToken>> tokenize_plot(std::string_view text);

// What the figure clauses asked for.
struct FigureRequest {
    FigureText text;
    std::vector<std::string> labels;  // group labels in the curves' order; empty = their own
};

// Removes the figure clauses from `tokens` (outside parentheses, before `to`) into `request`;
// an error naming the clause and column when one is incomplete or given twice.
store::Status take_figure_clauses(std::vector<PlotToken>& tokens, FigureRequest& request);

// The tokens as statement text: bare words as written, quoted ones as the language's strings.
std::string join_tokens(const std::vector<PlotToken>& tokens, size_t from, size_t to);

// A statement built from a plot's words, remembering where each word went, so that an error the
// engine finds in it can be shown under the word the user typed.
class BuiltStatement {
  public:
    // Appends text the user did not type ("survival ", ";").
    void add_text(std::string_view text) { text_ += text; }
    // Appends `as_written` for the user's `token`.
    void add_token(const PlotToken& token, std::string_view as_written);
    // Appends tokens [from, to) as join_tokens writes them.
    void add_tokens(const std::vector<PlotToken>& tokens, size_t from, size_t to);
    const std::string& text() const { return text_; }
    // The user's token written at 0-based `offset` of the statement, or null (text the user did
    // not type). The tokens must outlive this object.
    const PlotToken* token_at(size_t offset) const;

  private:
    struct Span {
        size_t offset = 0, length = 0;
        const PlotToken* token = nullptr;
    };
    std::string text_;
    std::vector<Span> spans_;
};

// `labels` checked against the figure's `groups`: the same count, or an error listing them.
store::Status check_labels(const std::vector<std::string>& labels,
                           const std::vector<std::string>& groups);

}  // namespace dayzero::shell
