#include "importers/text_util.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dayzero::importers {
namespace {

// Length of the well-formed UTF-8 sequence at `i`, or 0 if the bytes there are not one.
size_t utf8_sequence_length(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t length = 0;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) min_second = 0xA0;  // overlong
        if (c == 0xED) max_second = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) min_second = 0x90;
        if (c == 0xF4) max_second = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
    for (size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

// What plain_decimal saw of a number's digits (for parse_number_as_written).
struct PlainDigits {
    int count = 0;   // digits, before and after the point
    int whole = -1;  // digits before the point; -1 when there is no point
};

// The usual value, a plain decimal -?[0-9]+(.[0-9]+)? of at most 15 digits, without from_chars:
// its digits as an integer and the power of ten that scales them are both exact doubles, so one
// division gives the correctly rounded value, the very double from_chars gives. False for any
// other form (exponent, more digits, "5.", ".5", ...), left to from_chars, with `value` as it was.
bool plain_decimal(std::string_view text, PlainDigits& seen, double& value) {
    static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    constexpr int kMaxDigits = 15;  // below 2^53: the integer is exact
    size_t i = text.empty() || text[0] != '-' ? 0 : 1;
    const bool negative = i == 1;
    uint64_t digits = 0;
    int count = 0;
    int whole = -1;  // digits before the point, once the point is seen
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            if (++count > kMaxDigits) return false;
            digits = digits * 10 + static_cast<uint64_t>(c - '0');
        } else if (c == '.' && whole < 0 && count > 0) {
            whole = count;
        } else {
            return false;
        }
    }
    if (count == 0 || whole == count) return false;
    seen.count = count;
    seen.whole = whole;
    const int scale = whole < 0 ? 0 : count - whole;
    const double magnitude = static_cast<double>(digits) / kPowersOfTen[scale];
    value = negative ? -magnitude : magnitude;
    return true;
}

// Drops one leading '+'; false when nothing is left or a sign follows it ("+-3" is not -3).
bool strip_plus(std::string_view& text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && (text.front() == '-' || text.front() == '+')) return false;
    }
    return !text.empty();
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
    text = trim(text);
    if (!strip_plus(text)) return std::nullopt;
    PlainDigits seen;
    double value = 0;
    if (plain_decimal(text, seen, value)) return value;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

bool number_out_of_range(std::string_view text) {
    text = trim(text);
    if (!strip_plus(text)) return false;
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return end == text.data() + text.size() &&
           (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(value)));
}

bool read_integer(std::string_view text, int64_t& value) {
    text = trim(text);
    if (!strip_plus(text)) return false;
    // Days and grades are a few digits: read them directly; up to 18 digits cannot overflow.
    const size_t sign = text[0] == '-' ? 1 : 0;
    if (text.size() > sign && text.size() - sign <= 18) {
        int64_t digits = 0;
        size_t i = sign;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            digits = digits * 10 + (text[i] - '0');
        if (i == text.size()) {
            value = sign ? -digits : digits;
            return true;
        }
    }
    int64_t read = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), read);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    value = read;
    return true;
}

bool is_valid_utf8(std::string_view text) {
    size_t ascii = 0;  // plain ASCII (the usual case) needs no sequence decoding
    while (ascii < text.size() && static_cast<unsigned char>(text[ascii]) < 0x80)
        ++ascii;
    for (size_t i = ascii; i < text.size();) {
        size_t length = utf8_sequence_length(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string sanitize_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string display_value(std::string_view text, size_t limit) {
    const bool cut = text.size() > limit;
    std::string shown = sanitize_utf8(cut ? text.substr(0, limit) : text);
    // A problem is one line: a line break or a NUL inside the value is shown, not obeyed.
    std::string out;
    out.reserve(shown.size());
    for (char c : shown) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return cut ? out + "..." : out;
}

std::string format_number(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc()) return std::to_string(value);
    return std::string(buf, end);
}

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// For a plain decimal -?(0|[1-9][0-9]*)(.[0-9]*[1-9])? of at most 15 significant digits (so it
// reads back from its double digit for digit), whether std::to_chars's shortest form writes it
// as it is: fixed notation is chosen when it is not longer than scientific. nullopt: not plain.
std::optional<bool> plain_prints_as_is(std::string_view text) {
    const size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
    const std::string_view body = text.substr(sign);
    const size_t point = body.find('.');
    const std::string_view whole = body.substr(0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view() : body.substr(point + 1);
    if (whole.empty() || (whole.size() > 1 && whole[0] == '0')) return std::nullopt;
    if (point != std::string_view::npos && (fraction.empty() || fraction.back() == '0')) {
        return std::nullopt;
    }
    for (char c : whole)
        if (!is_digit(c)) return std::nullopt;
    for (char c : fraction)
        if (!is_digit(c)) return std::nullopt;
    int exponent = 0;  // of the first significant digit
    size_t first = 0;  // index of that digit in whole + fraction
    if (whole != "0") {
        exponent = static_cast<int>(whole.size()) - 1;
    } else {
        while (first < fraction.size() && fraction[first] == '0')
            ++first;
        if (first == fraction.size()) return std::nullopt;  // zero: leave it to to_chars
        exponent = -static_cast<int>(first) - 1;
        first += whole.size();
    }
    size_t last = whole.size() + fraction.size();  // one past the last significant digit
    auto digit_at = [&](size_t i) {
        return i < whole.size() ? whole[i] : fraction[i - whole.size()];
    };
    while (last > first + 1 && digit_at(last - 1) == '0')
        --last;
    const size_t significant = last - first;
    if (significant > 15) return std::nullopt;
    const size_t exponent_digits = (exponent >= 100 || exponent <= -100) ? 3 : 2;
    const size_t scientific = sign + significant + (significant > 1 ? 1 : 0) + 2 + exponent_digits;
    return text.size() <= scientific;
}

// prints_as(text, number) for a text plain_decimal read (as `seen`), from the text's digits:
// plain_prints_as_is's rule, found without another pass over the usual value (no leading zero
// before the point, no trailing zero after it, not zero; at most 15 digits, so two exponent
// digits in scientific notation). Any other text goes to prints_as.
bool plain_written_shortest(std::string_view text, const PlainDigits& seen, double number) {
    const size_t sign = text[0] == '-' ? 1 : 0;
    if (seen.whole >= 0 && text.back() == '0') return prints_as(text, number);  // 1.50
    size_t significant = static_cast<size_t>(seen.count);
    if (text[sign] == '0') {
        if (seen.whole != 1) return prints_as(text, number);  // 0, 05, 05.5
        size_t k = sign + 2;  // after "0.": leading zeros are not significant
        for (--significant; k < text.size() && text[k] == '0'; ++k)
            --significant;
        if (k == text.size()) return prints_as(text, number);  // zero
    } else if (seen.whole < 0) {  // an integer's trailing zeros are not significant
        for (size_t k = text.size(); k > sign + 1 && text[k - 1] == '0'; --k)
            --significant;
    }
    const size_t scientific = sign + significant + (significant > 1 ? 1 : 0) + 2 + 2;
    return text.size() <= scientific;
}

}  // namespace

bool read_number_as_written(std::string_view text, double& value, bool& prints_as_is) {
    text = trim(text);
    if (!text.empty() && text[0] != '+') {  // to_chars never writes a '+': not plain
        PlainDigits seen;
        if (plain_decimal(text, seen, value)) {
            prints_as_is = plain_written_shortest(text, seen, value);
            return true;
        }
    }
    const std::optional<double> number = parse_number(text);
    prints_as_is = number && prints_as(text, *number);
    if (number) value = *number;
    return number.has_value();
}

bool prints_as(std::string_view text, double number) {
    if (auto quick = plain_prints_as_is(text)) return *quick;
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
    if (ec != std::errc()) return text == format_number(number);
    return text == std::string_view(buf, static_cast<size_t>(end - buf));
}

}  // namespace dayzero::importers
