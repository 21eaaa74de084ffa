#include "store/directory.h"

#include <fmt/format.h>

namespace dayzero::store {
namespace {

// Caches grow only with what callers read; past this size they are simply dropped.
constexpr size_t kMaxCacheEntries = 200000;

}  // namespace

TransactionInfo to_info(const codec::TxRecord& t) {
    TransactionInfo info;
    info.tx = t.tx;
    info.first_seq = t.first_seq;
    info.last_seq = t.last_seq;
    info.recorded_at_us = t.recorded_at_us;
    info.author = t.author;
    info.reason = t.reason;
    info.source = t.source;
    info.hash_hex = codec::to_hex(t.hash);
    info.prev_hash_hex = codec::to_hex(t.prev_hash);
    info.os_account = t.os_account;
    return info;
}

Result<std::string> Directory::patient_name(uint32_t compact_id,
                                            const rocksdb::ReadOptions& ro) const {
    {
        std::lock_guard lock(cache_mu_);
        auto it = names_.find(compact_id);
        if (it != names_.end()) return it->second;
    }
    std::string v;
    auto s = rocks_.db->Get(ro, rocks_.family(RocksHandles::kPatients),
                            codec::patient_id_key(compact_id), &v);
    if (s.IsNotFound()) {
        return Status::corruption(fmt::format("patient number {} has no id", compact_id));
    }
    if (auto st = from_rocks(s, "reading patient"); !st) return st;
    auto name = codec::decode_bytes_value(v, "patient id");
    if (!name) return name.status();
    std::lock_guard lock(cache_mu_);
    if (names_.size() > kMaxCacheEntries) names_.clear();
    names_.emplace(compact_id, *name);
    return name;
}

Result<std::optional<uint32_t>> Directory::find_patient(const std::string& id,
                                                        const rocksdb::ReadOptions& ro) const {
    std::string v;
    auto s =
        rocks_.db->Get(ro, rocks_.family(RocksHandles::kPatients), codec::patient_name_key(id), &v);
    if (s.IsNotFound()) return std::optional<uint32_t>();
    if (auto st = from_rocks(s, "reading patient"); !st) return st;
    auto compact = codec::decode_u32_value(v, "patient number");
    if (!compact) return compact.status();
    return std::optional<uint32_t>(*compact);
}

Status Directory::scan_patient_names(const rocksdb::ReadOptions& base,
                                     const PatientNameVisitor& visit) const {
    const std::string lower(1, codec::kPatientNamePrefix);
    const std::string upper(1, static_cast<char>(codec::kPatientNamePrefix + 1));
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro = base;
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(ro, rocks_.family(RocksHandles::kPatients)));
    for (it->Seek(lower); it->Valid(); it->Next()) {
        if (auto s = visit(it->key().ToStringView().substr(1), it->value().ToStringView()); !s)
            return s;
    }
    return from_rocks(it->status(), "reading patients");
}

Result<std::shared_ptr<const codec::TxRecord>> Directory::read_tx(
    uint64_t tx, const rocksdb::ReadOptions& ro) const {
    {
        std::lock_guard lock(cache_mu_);
        auto it = txs_.find(tx);
        if (it != txs_.end()) return it->second;
    }
    std::string v;
    auto s = rocks_.db->Get(ro, rocks_.family(RocksHandles::kTx), codec::tx_key(tx), &v);
    if (s.IsNotFound()) return Status::not_found(fmt::format("no transaction {}", tx));
    if (auto st = from_rocks(s, "reading transaction"); !st) return st;
    auto rec = std::make_shared<codec::TxRecord>();
    if (auto st = codec::decode_tx(v, tx, *rec); !st) return st;
    std::lock_guard lock(cache_mu_);
    if (txs_.size() > kMaxCacheEntries) txs_.clear();
    txs_.emplace(tx, rec);
    return std::shared_ptr<const codec::TxRecord>(rec);
}

Status Directory::complete(codec::Record& rec, uint64_t seq, const rocksdb::ReadOptions& ro) const {
    Event& e = rec.event;
    e.seq = seq;
    auto name = patient_name(rec.patient, ro);
    if (!name) return name.status();
    e.patient_id = std::move(name.value());
    auto tx = read_tx(e.tx, ro);
    if (!tx) {
        return Status::corruption(
            fmt::format("event {}: its transaction {}: {}", seq, e.tx, tx.status().message()));
    }
    e.recorded_at_us = (*tx)->recorded_at_us;
    if (!rec.own_author) e.recorded_by = (*tx)->author;
    if (!rec.own_source) e.source = (*tx)->source;
    return Status::ok();
}

Result<Event> Directory::read_event(uint64_t seq, const rocksdb::ReadOptions& ro) const {
    std::string v;
    if (auto st = log_.read_record(seq, ro, v); !st) return st;
    codec::Record rec;
    if (auto st = codec::decode_record(v, rec); !st) {
        return Status::corruption(fmt::format("event {}: {}", seq, st.message()));
    }
    if (auto st = complete(rec, seq, ro); !st) return st;
    return std::move(rec.event);
}

void Directory::remember_names(const std::unordered_map<std::string, uint32_t>& ids) {
    std::lock_guard cache_lock(cache_mu_);
    for (const auto& [name, id] : ids)
        names_.emplace(id, name);
}

}  // namespace dayzero::store
