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

// Whether each transaction's recorded hash must be present and reproduced (`replay --load`), or
// is ignored (`replay --load --rehash`, which then marks the history as re-hashed).
enum class HashCheck { kRequired, kIgnored };

// Commits every transaction in `in` (named `name` in messages) through `commit` onto `store`,
// which must end exactly where the stream starts (an empty store for a full replay). Stops at the
// first problem: a malformed line (named by file:line and field), a gap, or (kRequired) a missing
// hash or one the transaction does not reproduce (the message never shows the recomputed hash);
// transactions before it stay committed, so callers load into a scratch store first.
store::Result<LoadReport> load_replay(std::istream& in, const std::string& name,
                                      const store::EventStore& store,
                                      const db::RecordedCommit& commit, HashCheck check);

// Commits the transactions of `from` that lie beyond the end of `to` through `commit` (onto `to`),
// each required to reproduce its hash in `from`: a stream checked in a scratch store moves over.
store::Result<LoadReport> copy_transactions(const store::EventStore& from,
                                            const store::EventStore& to,
                                            const db::RecordedCommit& commit);

}  // namespace dayzero::shell::audit
