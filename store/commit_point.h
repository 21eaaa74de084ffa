#pragma once
// The commit point: the last acknowledged transaction (number, last sequence number, hash),
// kept in the file DAYZERO-COMMITTED beside the database, outside RocksDB and its write-ahead
// log. A transaction is acknowledged once its append returned with the commit synced
// (OpenOptions::sync_writes), or once the writer closed cleanly (its memtables flushed into table
// files). Opening a store whose database no longer holds its commit point — a write-ahead log
// truncated, damaged or removed — is refused, so an acknowledged transaction never silently
// disappears and its number is never given again. Private to store/.

#include <cstdint>
#include <optional>
#include <string>

#include "store/codec.h"
#include "store/directory.h"
#include "store/status.h"
#include "store/store_meta.h"

namespace dayzero::store {

inline constexpr const char* kCommitPointFile = "DAYZERO-COMMITTED";

struct CommitPoint {
    uint64_t tx = 0;
    uint64_t last_seq = 0;
    codec::Hash head{};
};

// The commit point of the store in folder `dir`; nullopt when the file does not exist (a new
// store, or one written before commit points were kept); corruption when it is malformed.
Result<std::optional<CommitPoint>> read_commit_point(const std::string& dir);

// Records `point` (replacing the previous one; the file is private, 0600); fsynced when `sync`.
Status write_commit_point(const std::string& dir, const CommitPoint& point, bool sync);

// Ok when the database (its counters and transaction records) still holds `point`: the last
// transaction is at least point.tx and transaction point.tx has point's hash. Otherwise a
// corruption status naming what is missing and the way back (a backup or a replay stream).
Status check_commit_point(const std::string& path, const CommitPoint& point,
                          const Counters& counters, const Directory& directory);

// The way back from a damaged store, appended to every message that refuses one.
std::string damaged_store_advice();

}  // namespace dayzero::store
