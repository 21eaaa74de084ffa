#pragma once
// A secondary (read-only) instance's view of the store as of one moment. RocksDB builds a
// secondary's view in two steps — the MANIFEST (flushes, compactions, ingested table files), then
// the write-ahead logs — and a writer working in between can tear the view: a table file ingested,
// or a log flushed and removed, after the MANIFEST was read but before a later log record was,
// leaves the view with the later commit and without what it depends on (a transaction's staged
// events, its new patients' pages, a projection's entries). Such a view is never shown: an open
// counts only when the MANIFEST and the set of write-ahead logs did not change while it ran.
//
// Every view is a fresh instance, never one caught up in place: RocksDB's
// TryCatchUpWithPrimary (7.8) keeps what it replayed from a write-ahead log in the secondary's
// memtable after the writer flushed that log into table files, and reads look in the memtable
// first, so the older value (a staging marker the commit deleted, the counters, a projection's
// entries) would shadow the newer one until the next open. Private to store/.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "store/rocks_handles.h"

namespace dayzero::store {

// Where the writer's files stand: the MANIFEST that CURRENT names and its size (every flush,
// compaction and ingestion appends to it, or starts a new one, before the files it replaces are
// removed and before the writer's next write), and the write-ahead logs (one removed after the
// MANIFEST was read would leave its records out of the view).
struct ManifestMark {
    std::string current;  // "" when it could not be read: never equal to another mark
    uint64_t size = 0;
    std::vector<std::string> wals;  // their names, sorted
    uint64_t wal_bytes = 0;         // their sizes added up: every write appends to one
    // Whether a view opened between the two marks is the store as of one moment (a write
    // appended to a log meanwhile is in the view or not, whole either way).
    bool same_as(const ManifestMark& other) const {
        return !current.empty() && current == other.current && size == other.size &&
               wals == other.wals;
    }
    // Whether nothing at all was written between the two marks: a view opened after the earlier
    // one is still current, and a refresh has nothing to read.
    bool unchanged_since(const ManifestMark& earlier) const {
        return same_as(earlier) && wal_bytes == earlier.wal_bytes;
    }
};

// The mark of the store in folder `path`.
ManifestMark manifest_mark(const std::string& path);

// Opens a new secondary instance of the store into `db` and `cf` (RocksDB's OpenAsSecondary).
using SecondaryOpener =
    std::function<rocksdb::Status(rocksdb::DB** db, std::vector<rocksdb::ColumnFamilyHandle*>* cf)>;

// Opens new instances with `open` until one began and ended with the same mark, then puts it in
// `view` in place of the instance there (closed), so the view is the store as of one moment;
// `opened_at` gets the mark taken before the open that became the view.
// An open that failed while the mark stayed the same fails the call (`view` unchanged); one that
// a writer's work overlapped is tried again. Bounded: after kCatchUpRuns runs that a writer's
// work overlapped it gives up with Status::Busy (the caller says to try again), `view` unchanged.
inline constexpr int kCatchUpRuns = 200;
rocksdb::Status catch_up_consistently(const std::string& path, const SecondaryOpener& open,
                                      RocksHandles& view, ManifestMark& opened_at);

}  // namespace dayzero::store
