#include "text/shortest_number.h"

#include <charconv>
#include <cmath>

namespace dayzero::text {

char* shortest_chars(char* first, char* last, double value) {
    // Under 10,000, a whole number is shorter in fixed notation than in scientific ("1e+04"
    // ties with "10000"), and so is a number with one decimal. If the decimal n/10 reads back as
    // `value` (division is correctly rounded, so n / 10.0 == value says exactly that), no text
    // with fewer digits does, and no other one with as many: the next candidates lie 0.1 away,
    // far beyond the spacing of doubles here. Zero takes the general path (-0 keeps its sign).
    if (value > -10000.0 && value < 10000.0 && value != 0.0) {
        const double tenths = std::nearbyint(value * 10.0);
        if (tenths / 10.0 == value) {
            auto k = static_cast<long long>(tenths);
            char* p = first;
            if (k < 0) {
                *p++ = '-';
                k = -k;
            }
            p = std::to_chars(p, last, k / 10).ptr;
            if (k % 10 != 0) {
                *p++ = '.';
                *p++ = static_cast<char>('0' + k % 10);
            }
            return p;
        }
    }
    return std::to_chars(first, last, value).ptr;
}

}  // namespace dayzero::text
