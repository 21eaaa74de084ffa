#pragma once
// The import report's line about patients that cannot be graded (docs/DERIVATIONS.md §3.1): the
// patients an import touched that have no temperature in the grading window.

#include <cstdint>
#include <string>

#include "query/gradability.h"
#include "store/event_store.h"

namespace dayzero::query {

// The patients with an event recorded after `after_seq` that cannot be graded under the stored
// projection's definition: read from the stored summaries when they are current, else derived
// from the timelines. Fails only when the store cannot be read.
store::Result<UngradedList> ungradable_since(const store::EventStore& store, uint64_t after_seq);

// "3 patients have no temperature in the grading window and cannot be graded: P0007, P0012,
// P0040"; "" when the list is empty.
std::string ungradable_import_line(const UngradedList& list);

}  // namespace dayzero::query
