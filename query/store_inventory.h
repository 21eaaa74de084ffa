#pragma once
// What a store holds, for `show kinds;` and `show patients;`: one pass over every patient's
// current-view timeline, without derivations.

#include "query/engine_state.h"
#include "query/query_result.h"
#include "store/event_store.h"

namespace dayzero::query {

// Every (kind, code, unit) recorded as of `as_of`, in kind order then code and unit, with event
// and patient counts. Polls `state`'s interrupt flag and reports progress; throws QueryError.
QueryResult kinds_table(const store::EventStore& store, const store::AsOf& as_of,
                        const EngineState& state);

// Every patient as of `as_of`: events, first and last day, infusion product. As kinds_table.
QueryResult patients_table(const store::EventStore& store, const store::AsOf& as_of,
                           const EngineState& state);

}  // namespace dayzero::query
