#pragma once
// A secondary (read-only) instance's view of the store as of one moment. RocksDB catches a
// secondary up in two steps — the MANIFEST (flushes, compactions, ingested table files), then the
// write-ahead logs — and a writer working in between can tear the view: a table file ingested, or
// a log flushed and removed, after the MANIFEST was read but before a later log record was, leaves
// the view with the later commit and without what it depends on (a transaction's staged events,
// its new patients' pages, a projection's entries). Such a view is never shown: a catch-up counts
// only when the MANIFEST did not change while it ran. Private to store/.

#include <cstdint>
#include <functional>
#include <string>

#include <rocksdb/status.h>

namespace dayzero::store {

// Where the writer's MANIFEST stands: the file CURRENT names and its size. Every flush,
// compaction and ingestion appends to it (or starts a new one) before the files it replaces are
// removed and before the writer's next write.
struct ManifestMark {
    std::string current;  // "" when it could not be read: never equal to another mark
    uint64_t size = 0;
    bool same_as(const ManifestMark& other) const {
        return !current.empty() && current == other.current && size == other.size;
    }
};

// The MANIFEST mark of the store in folder `path`.
ManifestMark manifest_mark(const std::string& path);

// Runs `first` (a secondary's open), then `again` (TryCatchUpWithPrimary) until a run began and
// ended with the same MANIFEST mark, so the view left is the store as of one moment. `before` is
// the mark taken before `first`. Bounded: after kCatchUpRuns runs that a writer's work overlapped
// it gives up with Status::Busy (the caller says to try again). The first failing run's status
// otherwise.
inline constexpr int kCatchUpRuns = 200;
rocksdb::Status catch_up_consistently(const std::string& path, ManifestMark before,
                                      const std::function<rocksdb::Status()>& first,
                                      const std::function<rocksdb::Status()>& again);

}  // namespace dayzero::store
