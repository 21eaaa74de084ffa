#pragma once
// RocksHandles: the RocksDB instance, its column families, and the one write call every
// component of the store commits through. Private to store/.

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "store/status.h"

namespace dayzero::store {

// Owns the RocksDB instance and its column family handles; handles are destroyed first.
class RocksHandles {
  public:
    enum Family : size_t {
        kDefault,
        kLog,
        kTimeline,
        kPatients,
        kImports,
        kTx,
        kCorrections,
        kMeta,
        kProjections,
        kFamilyCount
    };

    RocksHandles() = default;
    ~RocksHandles();
    RocksHandles(const RocksHandles&) = delete;
    RocksHandles& operator=(const RocksHandles&) = delete;

    // The names of the families in Family order.
    static std::vector<std::string> family_names();
    // The handle of family `f` (the database must be open).
    rocksdb::ColumnFamilyHandle* family(Family f) const { return cf[f]; }
    // Writes `batch` (fsynced when `sync`); a failure is remembered, see write_failed().
    rocksdb::Status write(rocksdb::WriteBatch& batch, bool sync);
    // True once a write failed (e.g. disk full): RocksDB aborts when asked to flush after a
    // failed write, so the closing flush is then skipped.
    bool write_failed() const { return write_failed_.load(); }
    // Records a failed write made other than through write() (an ingestion of table files).
    void note_failed_write() { write_failed_ = true; }
    // Flushes the memtables (writers, unless a write failed), destroys the handles, then closes
    // and deletes the database; idempotent. True when the flush was asked for and succeeded.
    bool close(bool flush);
    // Creates a new database at `path` with `families` (the default family first) and opens
    // it, as DB::Open with create_missing_column_families would, but creating the families in
    // one step: DB::Open creates them one at a time, and each creation writes, syncs and reads
    // back a whole OPTIONS file.
    rocksdb::Status create(const rocksdb::DBOptions& options, const std::string& path,
                           const std::vector<rocksdb::ColumnFamilyDescriptor>& families);

    rocksdb::DB* db = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> cf;

  private:
    std::atomic<bool> write_failed_{false};
};

// A RocksDB status as ours: corruption stays corruption, anything else is an I/O error.
Status from_rocks(const rocksdb::Status& s, std::string_view context);

}  // namespace dayzero::store
