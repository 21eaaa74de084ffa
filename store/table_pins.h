#pragma once
// TablePins: the file system under a reader that opens table files on demand. Most statements
// read a few of a store's table files, so a reader opens each when it first reads it instead of
// all of them at open. Meanwhile the writer may remove a file of the reader's view (the input of
// a compaction); a descriptor of every table file of the view, taken while that view was the
// writer's, keeps such a file readable, as an eagerly opened file would stay, and the file is
// then read through it. Private to store/.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <rocksdb/db.h>
#include <rocksdb/file_system.h>

namespace dayzero::store {

class TablePins final : public rocksdb::FileSystemWrapper {
  public:
    // Over the default file system.
    TablePins();
    ~TablePins() override;
    TablePins(const TablePins&) = delete;
    TablePins& operator=(const TablePins&) = delete;

    const char* Name() const override { return "DayzeroTablePins"; }

    // Holds a descriptor of every table file `db` has live, and lets go of the others. Called
    // right after the view was taken and before the caller checks that the writer's MANIFEST
    // has not changed since (consistent_catch_up.h): no file of the view was removed then. A
    // file that cannot be opened is left to be opened by name (RocksDB reports it when read).
    void pin_live_files(rocksdb::DB& db);

    // A pinned table file is read through its descriptor; anything else as below.
    rocksdb::IOStatus NewRandomAccessFile(const std::string& fname,
                                          const rocksdb::FileOptions& options,
                                          std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                          rocksdb::IODebugContext* dbg) override;

    // Table files held (tests).
    size_t pinned_count() const;

    class Descriptor;  // one open file, shared with the readers made from it

  private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Descriptor>> pinned_;  // by path
};

}  // namespace dayzero::store
