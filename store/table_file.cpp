#include "store/table_file.h"

#include <cstdio>

namespace dayzero::store {

Status GrowingTable::open(const rocksdb::Options& options, std::string file,
                          std::string_view what) {
    remove();
    file_ = std::move(file);
    what_ = what;
    // The writer drops the file's pages from the OS cache as it goes, as write_streamed_table's.
    writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options, nullptr,
                                                       /*invalidate_page_cache=*/true);
    if (auto s = writer_->Open(file_); !s.ok()) {
        writer_.reset();
        return Status::io_error(fmt::format("creating '{}': {}", file_, s.ToString()));
    }
    return Status::ok();
}

Status GrowingTable::put(const rocksdb::Slice& key, const rocksdb::Slice& value) {
    if (auto s = writer_->Put(key, value); !s.ok())
        return Status::io_error(fmt::format("writing staged {}: {}", what_, s.ToString()));
    return Status::ok();
}

Status GrowingTable::finish() {
    auto s = writer_->Finish();
    writer_.reset();
    if (!s.ok()) return Status::io_error(fmt::format("finishing '{}': {}", file_, s.ToString()));
    return Status::ok();
}

void GrowingTable::remove() {
    writer_.reset();  // an unfinished writer closes its file without completing it
    if (!file_.empty()) std::remove(file_.c_str());
    file_.clear();
}

Status write_replacing_table(const rocksdb::Options& options, const std::string& file,
                             std::string_view prefix,
                             std::span<const std::pair<std::string, std::string>> entries,
                             const std::pair<std::string, std::string>& drop) {
    std::string key(prefix);
    return write_sorted_table(
        options, file, "projection entries", entries.size(),
        [&](size_t i) {
            key.resize(prefix.size());
            key.append(entries[i].first);
            return std::pair(rocksdb::Slice(key), rocksdb::Slice(entries[i].second));
        },
        &drop);
}

}  // namespace dayzero::store
