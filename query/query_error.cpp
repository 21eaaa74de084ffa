#include "query/query_error.h"

#include <algorithm>

namespace dayzero::query {

std::string_view error_prefix(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::kSyntax:
            return "Syntax error";
        case ErrorKind::kUnknownName:
            return "Unknown name";
        case ErrorKind::kType:
            return "Type error";
        case ErrorKind::kInvalid:
            return "Invalid statement";
        case ErrorKind::kData:
            return "Data error";
        case ErrorKind::kInterrupted:
            return "Interrupted";
    }
    return "Error";
}

namespace {

// The `line`-th (1-based) line of `source`, without its terminator; empty if out of range.
std::string_view source_line(std::string_view source, int line) {
    size_t start = 0;
    for (int i = 1; i < line; ++i) {
        const size_t nl = source.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    std::string_view text = source.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

}  // namespace

std::string render_error(const QueryError& error, std::string_view source) {
    std::string out(error_prefix(error.kind()));
    const auto& pos = error.pos();
    if (pos.line > 0) {
        out += " at " + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    }
    out += ": ";
    out += error.what();
    if (pos.line <= 0) return out;
    const std::string_view line = source_line(source, pos.line);
    if (line.empty()) return out;
    // Long lines are shown as a window around the position so the caret stays on screen.
    constexpr int kMaxShown = 96;
    int col = std::max(1, pos.column);
    size_t first = 0;
    if (col > kMaxShown - 16) first = static_cast<size_t>(col - (kMaxShown - 16));
    std::string shown(line.substr(std::min(first, line.size()), kMaxShown));
    for (char& c : shown) {
        if (c == '\t') c = ' ';
    }
    const int caret_col = col - static_cast<int>(first);
    const int width = std::clamp(error.width(), 1, std::max(1, kMaxShown - caret_col + 1));
    out += "\n  " + shown + "\n  " + std::string(static_cast<size_t>(caret_col - 1), ' ') +
           std::string(static_cast<size_t>(width), '^');
    return out;
}

}  // namespace dayzero::query
