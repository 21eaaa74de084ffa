#pragma once
// The import report's line about patients that cannot be graded (docs/DERIVATIONS.md §3.1): the
// patients an import touched that have no temperature in the grading window.

#include <cstdint>
#include <optional>
#include <string>

#include "query/gradability.h"
#include "query/import_projector.h"
#include "store/event_store.h"

namespace dayzero::query {

// The patients with an event recorded after `after_seq` that cannot be graded under the stored
// projection's definition: read from the stored summaries when they are current, else derived
// from the timelines. Fails only when the store cannot be read.
store::Result<UngradedList> ungradable_since(const store::EventStore& store, uint64_t after_seq);

// The same list for an import whose projector derived every patient it touched (its events
// exactly, none left to the refresh), from what the projector derived, without reading the
// stored summaries back; nullopt when the projector's patients are not all those touched after
// `after_seq` up to `last_seq`.
std::optional<UngradedList> ungradable_from_import(const DerivedPatients& derived,
                                                   uint64_t after_seq, uint64_t last_seq);

// "3 patients have no temperature in the grading window and cannot be graded: P0007, P0012,
// P0040"; "" when the list is empty.
std::string ungradable_import_line(const UngradedList& list);

}  // namespace dayzero::query
