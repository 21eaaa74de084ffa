#pragma once
// The note a statement read as of a past point carries. A sequence number inside a transaction
// (an import is one transaction per file) counts only the part of it up to that number: a state
// of the store that no reader ever saw, since a transaction becomes visible whole. The answer is
// still the one `as of seq N` defines (events with seq <= N), but the note says so.

#include <string>

#include "store/event_store.h"

namespace dayzero::query {

// "as of seq N" or "as of <instant>", with cut_transaction_clause for a seq point.
std::string as_of_note(const store::EventStore& store, const store::AsOf& as_of);

// " (inside transaction T, seq A to B: ...)" when `seq` is in a transaction but not its last
// event; "" otherwise (a transaction's last event, beyond the store's last, or unreadable).
std::string cut_transaction_clause(const store::EventStore& store, uint64_t seq);

}  // namespace dayzero::query
