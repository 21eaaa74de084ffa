#pragma once
// The rules of corrections, the same for the command line and the language: each builds the one
// event its transaction records, or says why it is refused. Nothing here writes. Signatures and
// keys: db/signing.h.

#include "query/writer.h"
#include "store/event_store.h"

namespace dayzero::db {

// The amendment of `request.seq`: a copy of the event with the given fields replaced. Refused
// without a reason, for an unknown event, a signature (sign again instead), a key registration
// (revoke it and register another), an amendment that
// changes nothing, or a value, unit or code the import rules refuse (docs/IMPORT.md); a value
// given in another unit is converted as an import converts it (101.3 F is stored as 38.5 C).
store::Result<store::Event> make_amendment(const store::EventStore& store,
                                           const query::Amendment& request);

// The retraction of `request.seq`, carrying a copy of what it withdraws for the history. Refused
// without a reason, for an unknown event or a signature.
store::Result<store::Event> make_retraction(const store::EventStore& store,
                                            const query::Retraction& request);

// The record saving `request.name` (a new event, or an amendment of the saved one). Refused when
// the condition is the one already saved, or the name or condition is blank.
store::Result<store::Event> make_cohort_save(const store::EventStore& store,
                                             const query::CohortSave& request);

// The retraction of saved cohort `request.name`. Refused without a reason or when no cohort of
// that name is saved.
store::Result<store::Event> make_cohort_drop(const store::EventStore& store,
                                             const query::CohortDrop& request);

}  // namespace dayzero::db
