#pragma once
// Sorted table files written beside the database and ingested into it whole, instead of going
// through the WAL, a memtable and a flush (log, new patients' pages, large projections).
// Private to the RocksDB store.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>

#include "store/status.h"

namespace dayzero::store {

// Every table file the store stages starts with this name, so the next open removes any that a
// failed or killed writer left behind (Staging::recover).
inline constexpr std::string_view kStagedFilePrefix = "staged-";

// A table file written in several goes before it is finished, keys increasing across all of
// them: a chunked append's consecutive chunks gathered into one file (staging.h).
class GrowingTable {
  public:
    GrowingTable() = default;
    GrowingTable(const GrowingTable&) = delete;
    GrowingTable& operator=(const GrowingTable&) = delete;
    ~GrowingTable() { remove(); }

    // Creates `file` (nothing may be open); `what` names the entries in messages.
    Status open(const rocksdb::Options& options, std::string file, std::string_view what);
    bool is_open() const { return writer_ != nullptr; }
    // Adds one entry; its key is above every key added before.
    Status put(const rocksdb::Slice& key, const rocksdb::Slice& value);
    // Completes the file: afterwards it can be ingested, and file() still names it.
    Status finish();
    // The file, "" when none was opened since the last remove().
    const std::string& file() const { return file_; }
    // Closes and deletes the file, if any (ingestion has moved a finished one away already).
    void remove();

  private:
    std::unique_ptr<rocksdb::SstFileWriter> writer_;
    std::string file_;
    std::string what_;
};

// Writes the entries `next(key, value)` gives (true; false ends them) into the table file
// `file`, in key order. With `drop`, the file also holds the range deletion [drop->first,
// drop->second), which removes older entries once the file is ingested, never the file's own.
// With `merge`, each value is a merge operand for its key, not the key's value. `what` names
// the entries in messages.
template <class Next>
Status write_streamed_table(const rocksdb::Options& options, const std::string& file,
                            std::string_view what, const Next& next,
                            const std::pair<std::string, std::string>* drop = nullptr,
                            bool merge = false) {
    // The writer drops the file's pages from the OS cache as it goes (RocksDB's default): keeping
    // them made a chunked append dearer in CPU, not cheaper (store_bench --chunked).
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, nullptr,
                                  /*invalidate_page_cache=*/true);
    if (auto s = writer.Open(file); !s.ok()) {
        return Status::io_error(fmt::format("creating '{}': {}", file, s.ToString()));
    }
    if (drop != nullptr) {
        if (auto s = writer.DeleteRange(drop->first, drop->second); !s.ok())
            return Status::io_error(fmt::format("writing staged {}: {}", what, s.ToString()));
    }
    rocksdb::Slice key;
    rocksdb::Slice value;
    while (next(key, value)) {
        if (auto s = merge ? writer.Merge(key, value) : writer.Put(key, value); !s.ok())
            return Status::io_error(fmt::format("writing staged {}: {}", what, s.ToString()));
    }
    if (auto s = writer.Finish(); !s.ok()) {
        return Status::io_error(fmt::format("finishing '{}': {}", file, s.ToString()));
    }
    return Status::ok();
}

// write_streamed_table for `count` entries: `entry(i)` gives entry i's key and value.
template <class Entry>
Status write_sorted_table(const rocksdb::Options& options, const std::string& file,
                          std::string_view what, size_t count, const Entry& entry,
                          const std::pair<std::string, std::string>* drop = nullptr) {
    size_t i = 0;
    return write_streamed_table(
        options, file, what,
        [&](rocksdb::Slice& key, rocksdb::Slice& value) {
            if (i == count) return false;
            std::tie(key, value) = entry(i++);
            return true;
        },
        drop);
}

// write_sorted_table for keys of kKeyBytes bytes, which `entry(i, key)` writes into `key` (no
// string per entry) before returning the value.
template <size_t kKeyBytes, class Entry>
Status write_fixed_key_table(const rocksdb::Options& options, const std::string& file,
                             std::string_view what, size_t count, const Entry& entry) {
    char key[kKeyBytes];
    return write_sorted_table(options, file, what, count, [&](size_t i) {
        const rocksdb::Slice value = entry(i, key);
        return std::pair(rocksdb::Slice(key, sizeof key), value);
    });
}

// Writes `entries` (keys strictly increasing, each stored as `prefix` + key) into the table file
// `file`, with the range deletion [drop.first, drop.second): once ingested, the file removes
// every older key in that range and keeps its own.
Status write_replacing_table(const rocksdb::Options& options, const std::string& file,
                             std::string_view prefix,
                             std::span<const std::pair<std::string, std::string>> entries,
                             const std::pair<std::string, std::string>& drop);

}  // namespace dayzero::store
