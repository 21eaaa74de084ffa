#pragma once
// The stored read models (query.summaries, query.days) compared with a rebuild from the log: the
// half of `verify` the store cannot do itself, because their content belongs to query/.

#include <string>
#include <vector>

#include "store/event_store.h"

namespace dayzero::shell {

// "" when every current read model (stamp equal to the log's last sequence number) holds exactly
// the entries and stamp a rebuild from the log writes, else which entry differs. A stale read
// model is never read (readers derive from the log instead): it adds a note, not a failure.
std::string verify_read_models(const store::EventStore& store, std::vector<std::string>& notes);

}  // namespace dayzero::shell
