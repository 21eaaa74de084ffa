// Clock times as every input writes them: import rows, `amend --time`, the `amend … time`
// statement. One reading, so a time the importer accepts is one a correction accepts.
#include "text/clock_time.h"

#include "text/ascii.h"

namespace dayzero::text {

bool read_clock(std::string_view text, uint16_t& minute) {
    text = trim(text);
    if (text.size() == 5) {  // the usual "HH:MM", read without the general case's shifting
        const auto digit = [&](size_t i) { return static_cast<unsigned>(text[i] - '0'); };
        const unsigned h1 = digit(0), h2 = digit(1), m1 = digit(3), m2 = digit(4);
        if (text[2] != ':' || h1 > 9 || h2 > 9 || m1 > 9 || m2 > 9) return false;
        const unsigned hours = h1 * 10 + h2;
        const unsigned minutes = m1 * 10 + m2;
        if (hours > 23 || minutes > 59) return false;
        minute = static_cast<uint16_t>(hours * 60 + minutes);
        return true;
    }
    // "9:30" and "9:30:00" carry a one-digit hour: read them as if a '0' led.
    const size_t shift = (text.size() == 4 || text.size() == 7) ? 1 : 0;
    const size_t size = text.size() + shift;
    if (size != 5 && size != 8) return false;
    auto at = [&](size_t i) { return i < shift ? '0' : text[i - shift]; };
    auto two_digits = [&](size_t i) -> int {
        const char a = at(i);
        const char b = at(i + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
        return (a - '0') * 10 + (b - '0');
    };
    int hours = two_digits(0);
    int minutes = two_digits(3);
    if (at(2) != ':' || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        return false;
    }
    if (size == 8) {
        int seconds = two_digits(6);
        if (at(5) != ':' || seconds < 0 || seconds > 59) return false;
    }
    minute = static_cast<uint16_t>(hours * 60 + minutes);
    return true;
}

}  // namespace dayzero::text
