#include "store/rocks_handles.h"

#include <fmt/format.h>

#include "store/codec.h"

namespace dayzero::store {

RocksHandles::~RocksHandles() {
    close(false);
}

bool RocksHandles::close(bool flush) {
    if (db == nullptr) return false;
    // A writer flushes its memtables on close: otherwise every later reader (a secondary
    // instance) replays the whole WAL into memory at open, which after a large import makes
    // every reader slow to open and large in memory.
    bool flushed = false;
    // A background flush or compaction that failed (a full disk) leaves the database stopped;
    // flushing it then would only fail, or wait on a flush that cannot run.
    uint64_t background_errors = 0;
    if (db->GetIntProperty(rocksdb::DB::Properties::kBackgroundErrors, &background_errors) &&
        background_errors > 0)
        write_failed_ = true;
    if (flush && !write_failed_ && !cf.empty())
        flushed = db->Flush(rocksdb::FlushOptions(), cf).ok();
    for (auto* h : cf) {
        if (h != nullptr) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    cf.clear();
    db->Close().PermitUncheckedError();
    delete db;
    db = nullptr;
    return flushed;
}

rocksdb::Status RocksHandles::create(const rocksdb::DBOptions& options, const std::string& path,
                                     const std::vector<rocksdb::ColumnFamilyDescriptor>& families) {
    auto s = rocksdb::DB::Open(options, path, {families.front()}, &cf, &db);
    if (!s.ok()) return s;
    std::vector<rocksdb::ColumnFamilyHandle*> created;
    s = db->CreateColumnFamilies({families.begin() + 1, families.end()}, &created);
    cf.insert(cf.end(), created.begin(), created.end());  // the handles of those made, if any
    if (!s.ok()) close(false);
    return s;
}

std::vector<std::string> RocksHandles::family_names() {
    return {rocksdb::kDefaultColumnFamilyName,
            codec::kCfLog,
            codec::kCfTimeline,
            codec::kCfPatients,
            codec::kCfImports,
            codec::kCfTx,
            codec::kCfCorrections,
            codec::kCfMeta,
            codec::kCfProjections};
}

rocksdb::Status RocksHandles::write(rocksdb::WriteBatch& batch, bool sync) {
    rocksdb::WriteOptions wo;
    wo.sync = sync;
    auto s = db->Write(wo, &batch);
    if (!s.ok()) write_failed_ = true;
    return s;
}

Status from_rocks(const rocksdb::Status& s, std::string_view context) {
    if (s.ok()) return Status::ok();
    if (s.IsCorruption()) return Status::corruption(fmt::format("{}: {}", context, s.ToString()));
    return Status::io_error(fmt::format("{}: {}", context, s.ToString()));
}

}  // namespace dayzero::store
