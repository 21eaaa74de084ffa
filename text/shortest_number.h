#pragma once
// The shortest text of a double that reads back as the same double, exactly as std::to_chars
// writes it, with a quick path for the numbers a trial's exports are made of: a reading with at
// most one decimal under 10,000 in magnitude (38.5, 120, 0.3), of which a whole trial's CSV holds
// hundreds of thousands: they need no general shortest-digits search.

namespace dayzero::text {

// Writes `value` (finite) into [first, last) as std::to_chars(first, last, value) does and
// returns the end; `last - first` must be at least 32.
char* shortest_chars(char* first, char* last, double value);

}  // namespace dayzero::text
