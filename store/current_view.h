#pragma once
// current_view: folds corrections into one patient's raw events (the "current view").

#include <vector>

#include "store/event.h"
#include "store/event_store.h"

namespace dayzero::store {

// True when `event` was already recorded at the point `as_of` (both bounds inclusive).
bool visible_at(const Event& event, const AsOf& as_of);

// Timeline order: day, untimed before timed, minute, then sequence. Inline: sorting and checking
// the order of every imported timeline call it for each pair of events.
inline bool timeline_less(const Event& a, const Event& b) {
    if (a.day != b.day) return a.day < b.day;
    // Untimed (nullopt) sorts before any minute: slot 0 versus minute + 1, as in the key.
    const int slot_a = a.minute ? *a.minute + 1 : 0;
    const int slot_b = b.minute ? *b.minute + 1 : 0;
    if (slot_a != slot_b) return slot_a < slot_b;
    return a.seq < b.seq;
}

// Applies amendments (the latest amendment's data fields replace the target's; the target keeps
// its seq and provenance) and retractions (the target disappears); correction events themselves
// are dropped. `raw` must hold one patient's events; the result is in timeline order.
std::vector<Event> apply_corrections(std::vector<Event> raw);

}  // namespace dayzero::store
