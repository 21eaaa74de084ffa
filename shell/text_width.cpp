#include "shell/text_width.h"

#include <algorithm>
#include <cstdint>

namespace dayzero::shell {

namespace {

struct Glyph {
    size_t bytes = 1;
    int width = 1;
};

// Zero-width code points: combining marks and joiners (enough for clinical text; not a full UAX
// 11).
bool is_zero_width(uint32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
           (cp >= 0xFE00 && cp <= 0xFE0F);
}

bool is_wide(uint32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Decodes the glyph starting at text[i]; malformed sequences count as one column per byte so
// that alignment stays predictable whatever the input.
Glyph next_glyph(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    uint32_t cp = lead;
    if (lead >= 0xF0 && lead <= 0xF4) {
        len = 4;
        cp = lead & 0x07;
    } else if (lead >= 0xE0) {
        len = 3;
        cp = lead & 0x0F;
    } else if (lead >= 0xC2 && lead < 0xE0) {
        len = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0x80) {
        return {1, 1};
    }
    if (i + len > text.size()) return {1, 1};
    for (size_t k = 1; k < len; ++k) {
        const auto cont = static_cast<unsigned char>(text[i + k]);
        if ((cont & 0xC0) != 0x80) return {1, 1};
        cp = (cp << 6) | (cont & 0x3F);
    }
    if (is_zero_width(cp)) return {len, 0};
    return {len, is_wide(cp) ? 2 : 1};
}

}  // namespace

int display_width(std::string_view text) {
    int width = 0;
    for (size_t i = 0; i < text.size();) {
        const Glyph g = next_glyph(text, i);
        width += g.width;
        i += g.bytes;
    }
    return width;
}

std::string truncate_to_width(std::string_view text, int width) {
    if (display_width(text) <= width) return std::string(text);
    if (width <= 0) return "";
    std::string out;
    int used = 0;
    for (size_t i = 0; i < text.size();) {
        const Glyph g = next_glyph(text, i);
        if (used + g.width > width - 1) break;
        out.append(text.substr(i, g.bytes));
        used += g.width;
        i += g.bytes;
    }
    return out + "…";
}

std::vector<std::string> wrap_to_width(std::string_view text, int width) {
    std::vector<std::string> lines;
    if (width < 1) width = 1;
    size_t start = 0;
    while (true) {
        const size_t nl = text.find('\n', start);
        std::string_view para = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
        // Greedy fill: remember the last space (dropped at the break) and the last '_' (kept at
        // the end of the line) so that names like max_grade break between their words.
        while (display_width(para) > width) {
            int used = 0;
            size_t cut = 0;
            size_t last_space = std::string_view::npos;
            size_t after_underscore = std::string_view::npos;
            for (size_t i = 0; i < para.size();) {
                const Glyph g = next_glyph(para, i);
                if (used + g.width > width) break;
                if (para[i] == ' ') last_space = i;
                if (para[i] == '_' && i + 1 < para.size()) after_underscore = i + 1;
                used += g.width;
                i += g.bytes;
                cut = i;
            }
            if (cut == 0) cut = next_glyph(para, 0).bytes;  // one glyph wider than the column
            const bool mid_word = cut < para.size() && para[cut] != ' ';
            if (mid_word && last_space != std::string_view::npos && last_space > 0 &&
                (after_underscore == std::string_view::npos ||
                 last_space + 1 >= after_underscore)) {
                lines.emplace_back(para.substr(0, last_space));
                para.remove_prefix(last_space + 1);
            } else if (mid_word && after_underscore != std::string_view::npos) {
                lines.emplace_back(para.substr(0, after_underscore));
                para.remove_prefix(after_underscore);
            } else {
                lines.emplace_back(para.substr(0, cut));
                para.remove_prefix(cut);
                while (!para.empty() && para.front() == ' ')
                    para.remove_prefix(1);
            }
        }
        lines.emplace_back(para);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

int widest_word(std::string_view text) {
    int best = 0;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        const bool end = i == text.size() || text[i] == ' ' || text[i] == '\n';
        const bool underscore = i < text.size() && text[i] == '_';
        if (end || underscore) {
            const size_t stop = underscore ? i + 1 : i;
            best = std::max(best, display_width(text.substr(start, stop - start)));
            start = i + 1;
        }
    }
    return best;
}

std::string pad_to_width(std::string_view text, int width, bool align_right) {
    const int gap = width - display_width(text);
    if (gap <= 0) return std::string(text);
    const std::string spaces(static_cast<size_t>(gap), ' ');
    return align_right ? spaces + std::string(text) : std::string(text) + spaces;
}

std::vector<std::string> wrap_words(std::string_view text, int width) {
    if (const size_t nl = text.find('\n'); nl != std::string_view::npos) {
        auto lines = wrap_words(text.substr(0, nl), width);
        for (auto& line : wrap_words(text.substr(nl + 1), width))
            lines.push_back(std::move(line));
        return lines;
    }
    // Pieces that may end a line: words, and within a long word the parts ending in a comma.
    std::vector<std::string> pieces;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view word = text.substr(start, end - start);
        while (display_width(word) > width) {
            const size_t comma = word.substr(0, word.size() - 1).rfind(',');
            size_t cut = std::string_view::npos;
            for (size_t c = comma; c != std::string_view::npos && c > 0;
                 c = word.substr(0, c).rfind(',')) {
                if (display_width(word.substr(0, c + 1)) <= width) {
                    cut = c;
                    break;
                }
            }
            if (cut == std::string_view::npos) cut = word.find(',');
            if (cut == std::string_view::npos || cut + 1 >= word.size()) break;
            pieces.emplace_back(word.substr(0, cut + 1));
            pieces.back().push_back('\0');  // marks "no space after this piece"
            word.remove_prefix(cut + 1);
        }
        if (!word.empty()) pieces.emplace_back(word);
        start = end + 1;
    }
    std::vector<std::string> lines(1);
    bool glued = false;  // the last piece ended inside a word (after a comma)
    for (std::string piece : pieces) {
        const bool next_glued = !piece.empty() && piece.back() == '\0';
        if (next_glued) piece.pop_back();
        std::string& line = lines.back();
        const std::string joined = line.empty() ? piece : line + (glued ? "" : " ") + piece;
        if (line.empty() || display_width(joined) <= width)
            line = joined;
        else
            lines.push_back(piece);
        glued = next_glued;
    }
    return lines;
}

}  // namespace dayzero::shell
