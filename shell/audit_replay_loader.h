#pragma once
// Loads a replay stream (JSON Lines or CSV, see audit_replay_format.h) into a store, transaction
// by transaction, checking that each one lands with the same numbers and hash as recorded.

#include <cstdint>
#include <istream>
#include <string>

#include "db/database.h"
#include "store/event_store.h"

namespace dayzero::shell::audit {

struct LoadReport {
    uint64_t transactions = 0;
    uint64_t events = 0;
    std::string last_hash;  // hash-chain head after the load
};

// Commits every transaction in `in` (named `name` in messages) through `commit` onto `store`,
// which must end exactly where the stream starts (an empty store for a full replay). Stops at the
// first problem: a malformed line (named by file:line and field), a gap, or a hash that differs
// from the recorded one; transactions before it stay committed.
store::Result<LoadReport> load_replay(std::istream& in, const std::string& name,
                                      const store::EventStore& store,
                                      const db::RecordedCommit& commit);

}  // namespace dayzero::shell::audit
