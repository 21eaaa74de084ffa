#include "text/edit_distance.h"

#include <algorithm>
#include <vector>

#include "text/ascii.h"

namespace dayzero::text {

size_t edit_distance(std::string_view a, std::string_view b, LetterCase letter_case) {
    const bool fold = letter_case == LetterCase::kIgnored;
    const auto same = [fold](char x, char y) { return fold ? to_lower(x) == to_lower(y) : x == y; };
    // One row of the table, updated in place: `diagonal` keeps the cell the row overwrote.
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            const size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
            row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace dayzero::text
