#pragma once
// current_view: folds corrections into one patient's raw events (the "current view").

#include <vector>

#include "store/event.h"
#include "store/event_store.h"

namespace dayzero::store {

// True when `event` was already recorded at the point `as_of` (both bounds inclusive).
bool visible_at(const Event& event, const AsOf& as_of);

// Timeline order: day, untimed before timed, minute, then sequence.
bool timeline_less(const Event& a, const Event& b);

// Applies amendments (the latest amendment's data fields replace the target's; the target keeps
// its seq and provenance) and retractions (the target disappears); correction events themselves
// are dropped. `raw` must hold one patient's events; the result is in timeline order.
std::vector<Event> apply_corrections(std::vector<Event> raw);

}  // namespace dayzero::store
