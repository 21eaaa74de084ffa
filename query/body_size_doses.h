#pragma once
// The doses an amended body size leaves as they were. An import converts a dose written per
// body size (8 mg/kg) to mg with the patient's weight (or body surface area) of its day, and
// stores the mg; amending that weight later does not convert the doses again, so each one that
// used it is named to the user, who amends it too if it should follow.

#include <cstdint>
#include <string>

#include "store/event_store.h"

namespace dayzero::query {

// "" unless the event `amended` is a baseline weight_kg or bsa_m2 of a patient with doses
// imported per that body size; otherwise one sentence naming those doses (their seq, as written
// and as stored), for the amend's answer. Which of several weights a dose used is not worked out
// again: every dose per that body size is named.
std::string doses_left_by_body_size_amend(const store::EventStore& store, uint64_t amended);

}  // namespace dayzero::query
