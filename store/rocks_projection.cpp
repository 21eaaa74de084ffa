// RocksEventStore projections: derived read models beside the log (see EventStore).
#include <fmt/format.h>
#include <rocksdb/write_batch.h>

#include "store/rocks_event_store.h"

namespace dayzero::store {
namespace {

// Projection names end at the 0x00 separator of their keys and the scan bound is name · 0x01,
// so control bytes are not allowed in a name.
Status check_name(std::string_view name) {
    for (const char c : name) {
        if (static_cast<unsigned char>(c) < 0x20) {
            return Status::invalid_argument("a projection name may not contain control bytes");
        }
    }
    if (name.empty()) return Status::invalid_argument("a projection needs a name");
    return Status::ok();
}

}  // namespace

Status RocksEventStore::write_projection(
    std::string_view name, const std::vector<std::pair<std::string, std::string>>& entries,
    uint64_t valid_at_seq, bool replace_all) try {
    if (options_.read_only) {
        return Status::read_only(
            fmt::format("store '{}' is open read-only: projections cannot be written", path_));
    }
    if (auto s = check_name(name); !s) return s;
    auto* cf = rocks_.cf[RocksHandles::kProjections];
    rocksdb::WriteBatch batch;
    if (replace_all) {
        batch.DeleteRange(cf, codec::projection_key(name, ""),
                          codec::projection_key(std::string(name) + '\x01', ""));
    }
    for (const auto& [key, bytes] : entries) {
        if (bytes.empty())
            batch.Delete(cf, codec::projection_key(name, key));
        else
            batch.Put(cf, codec::projection_key(name, key), bytes);
    }
    batch.Put(rocks_.cf[RocksHandles::kMeta], codec::projection_stamp_key(name),
              codec::encode_u64_value(valid_at_seq));
    // Not synced: a projection lost in a crash is only stale, and is rebuilt from the log.
    rocksdb::WriteOptions wo;
    auto ws = rocks_.db->Write(wo, &batch);
    if (!ws.ok()) {
        write_failed_ = true;
        return Status::io_error(
            fmt::format("writing projection '{}' to '{}' failed: {}", name, path_, ws.ToString()));
    }
    return Status::ok();
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("writing projection '{}' failed: {}", name, e.what()));
}

std::optional<uint64_t> RocksEventStore::projection_seq(std::string_view name) const {
    if (!check_name(name)) return std::nullopt;
    std::string v;
    auto s = rocks_.db->Get(rocksdb::ReadOptions(), rocks_.cf[RocksHandles::kMeta],
                            codec::projection_stamp_key(name), &v);
    if (!s.ok()) return std::nullopt;
    auto seq = codec::decode_u64_value(v, "projection stamp");
    if (!seq) return std::nullopt;
    return *seq;
}

Status RocksEventStore::scan_projection(std::string_view name,
                                        const ProjectionVisitor& visit) const {
    if (auto s = check_name(name); !s) return s;
    const std::string lower = codec::projection_key(name, "");
    const std::string upper = codec::projection_key(std::string(name) + '\x01', "");
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper_slice;
    // Callers read a projection once per pass (and keep what they need): its blocks would only
    // fill the cache, so memory would grow with the cohort up to the cache's size.
    ro.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(ro, rocks_.cf[RocksHandles::kProjections]));
    for (it->Seek(lower); it->Valid(); it->Next()) {
        if (!visit(it->key().ToStringView().substr(lower.size()), it->value().ToStringView()))
            return Status::ok();
    }
    if (!it->status().ok()) {
        return Status::io_error(
            fmt::format("reading projection '{}': {}", name, it->status().ToString()));
    }
    return Status::ok();
}

}  // namespace dayzero::store
