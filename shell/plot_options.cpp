#include "shell/plot_options.h"

#include <cctype>

#include "query/parser.h"
#include "text/ascii.h"

namespace dayzero::shell {

namespace {

bool is_mark(char c) {
    return c == '(' || c == ')' || c == ',';
}

bool is_word(const PlotToken& token, std::string_view word) {
    return !token.quoted && text::to_lower(token.text) == word;
}

store::Status clause_error(const PlotToken& at, const std::string& why) {
    return store::Status::invalid_argument("plot: " + why + " (column " +
                                           std::to_string(at.column) + ")");
}

// `labels ( 'a' , 'b' … )` from tokens[i] (the word `labels`); returns the index after `)`.
store::Result<size_t> take_labels(const std::vector<PlotToken>& tokens, size_t i,
                                  std::vector<std::string>& labels) {
    const PlotToken& start = tokens[i];
    if (i + 1 >= tokens.size() || tokens[i + 1].quoted || tokens[i + 1].text != "(")
        return clause_error(start, "`labels` takes a list in parentheses: labels ('a', 'b')");
    for (size_t j = i + 2; j < tokens.size(); j += 2) {
        if (tokens[j].quoted || !is_mark(tokens[j].text[0]))
            labels.push_back(tokens[j].text);
        else
            return clause_error(tokens[j],
                                "`labels`: expected a label, got '" + tokens[j].text + "'");
        if (j + 1 >= tokens.size()) break;
        const PlotToken& next = tokens[j + 1];
        if (!next.quoted && next.text == ")") return j + 2;
        if (next.quoted || next.text != ",")
            return clause_error(next, "`labels`: expected ',' or ')', got '" + next.text + "'");
    }
    return clause_error(start, "`labels (` is not closed with ')'");
}

}  // namespace

store::Result<std::vector<PlotToken>> tokenize_plot(std::string_view text) {
    std::vector<PlotToken> tokens;
    size_t i = 0;
    bool space = false;
    while (i < text.size()) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            ++i;
            continue;
        }
        PlotToken token;
        token.column = i + 1;
        token.space_before = space;
        space = false;
        if (c == '\'' || c == '"') {
            token.quoted = true;
            size_t j = i + 1;
            for (;; ++j) {
                if (j >= text.size())
                    return store::Status::invalid_argument("plot: unterminated quote (column " +
                                                           std::to_string(i + 1) + ")");
                if (text[j] != c) {
                    token.text += text[j];
                } else if (j + 1 < text.size() && text[j + 1] == c) {
                    token.text += c;  // a doubled quote is one quote character
                    ++j;
                } else {
                    break;
                }
            }
            token.width = j + 1 - i;
            i = j + 1;
        } else if (is_mark(c)) {
            token.text = std::string(1, c);
            token.width = 1;
            ++i;
        } else {
            size_t j = i;
            while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) &&
                   !is_mark(text[j]) && text[j] != '\'' && text[j] != '"')
                ++j;
            token.text = std::string(text.substr(i, j - i));
            token.width = j - i;
            i = j;
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

store::Status take_figure_clauses(std::vector<PlotToken>& tokens, FigureRequest& request) {
    std::vector<PlotToken> kept;
    int depth = 0;
    bool seen_ci = false;
    size_t stop = tokens.size();  // where the `to FILE` clause starts
    for (size_t i = 0; i < tokens.size();) {
        const PlotToken& token = tokens[i];
        if (!token.quoted && token.text == "(") ++depth;
        if (!token.quoted && token.text == ")") --depth;
        if (depth > 0 || token.quoted) {
            kept.push_back(token);
            ++i;
            continue;
        }
        if (is_word(token, "to")) {  // the file name follows; nothing more to take
            stop = i;
            break;
        }
        const std::string word = text::to_lower(token.text);
        std::string* target = word == "title"    ? &request.text.title
                              : word == "xlabel" ? &request.text.xlabel
                              : word == "ylabel" ? &request.text.ylabel
                                                 : nullptr;
        if (target != nullptr) {
            if (i + 1 >= tokens.size() ||
                (!tokens[i + 1].quoted && is_mark(tokens[i + 1].text[0])) ||
                is_word(tokens[i + 1], "to"))
                return clause_error(token, "`" + word + "` takes a quoted text: " + word + " '…'");
            if (!target->empty()) return clause_error(token, "`" + word + "` is given twice");
            *target = tokens[i + 1].text;
            i += 2;
            continue;
        }
        if (word == "labels") {
            if (!request.labels.empty()) return clause_error(token, "`labels` is given twice");
            const store::Result<size_t> next = take_labels(tokens, i, request.labels);
            if (!next.is_ok()) return next.status();
            i = next.value();
            continue;
        }
        // `with ci` alone, or first in a `with` list whose settings stay for the statement.
        if (word == "with" && i + 1 < tokens.size() && is_word(tokens[i + 1], "ci")) {
            if (seen_ci) return clause_error(token, "`with ci` is given twice");
            seen_ci = true;
            request.text.ci = true;
            const bool more =
                i + 2 < tokens.size() && !tokens[i + 2].quoted && tokens[i + 2].text == ",";
            if (more) kept.push_back(token);  // `with ci, fever 39 C` keeps `with fever 39 C`
            i += more ? 3 : 2;
            continue;
        }
        kept.push_back(token);
        ++i;
    }
    kept.insert(kept.end(), tokens.begin() + static_cast<std::ptrdiff_t>(stop), tokens.end());
    tokens = std::move(kept);
    return store::Status::ok();
}

std::string join_tokens(const std::vector<PlotToken>& tokens, size_t from, size_t to) {
    BuiltStatement built;
    built.add_tokens(tokens, from, to);
    return built.text();
}

void BuiltStatement::add_token(const PlotToken& token, std::string_view as_written) {
    spans_.push_back({text_.size(), as_written.size(), &token});
    text_ += as_written;
}

void BuiltStatement::add_tokens(const std::vector<PlotToken>& tokens, size_t from, size_t to) {
    const size_t start = text_.size();
    for (size_t i = from; i < to && i < tokens.size(); ++i) {
        const PlotToken& t = tokens[i];
        if (text_.size() > start && t.space_before) text_ += ' ';
        add_token(t, t.quoted ? query::string_literal(t.text) : t.text);
    }
}

const PlotToken* BuiltStatement::token_at(size_t offset) const {
    for (const Span& span : spans_) {
        if (offset >= span.offset && offset < span.offset + span.length) return span.token;
    }
    return nullptr;
}

store::Status check_labels(const std::vector<std::string>& labels,
                           const std::vector<std::string>& groups) {
    if (labels.empty() || labels.size() == groups.size()) return store::Status::ok();
    std::string list;
    for (const auto& g : groups)
        list += (list.empty() ? "" : ", ") + g;
    return store::Status::invalid_argument("plot: `labels` gives " + std::to_string(labels.size()) +
                                           " label(s) but the figure has " +
                                           std::to_string(groups.size()) + " group(s): " + list);
}

}  // namespace dayzero::shell
