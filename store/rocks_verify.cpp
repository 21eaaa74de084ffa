// RocksEventStore::verify and stats: the hash chain, then everything beside it compared with the
// log (store/verify_checks.h), the folder's files and RocksDB's checksums.
#include <filesystem>
#include <functional>
#include <string_view>
#include <unordered_map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "store/rocks_event_store.h"
#include "store/signature.h"
#include "store/tx_hasher.h"
#include "store/verify_checks.h"

namespace dayzero::store {
namespace {

bool fail(VerifyReport& r, uint64_t tx, std::string problem) {
    r.ok = false;
    r.first_bad_tx = tx;
    r.problem = std::move(problem);
    return false;
}

// A 64-bit digest of one timeline entry; sums of these compare two collections in any order.
uint64_t page_entry_digest(uint32_t patient, uint64_t seq, std::string_view record) {
    const uint64_t hk = (uint64_t{patient} * 0xff51afd7ed558ccdull) ^ (seq * 0xc4ceb9fe1a85ec53ull);
    const uint64_t hv = std::hash<std::string_view>{}(record);
    return (hk * 0x9e3779b97f4a7c15ull) ^ (hv + 0x632be59bd9b4e019ull + (hk << 6) + (hk >> 2));
}

}  // namespace

VerifyReport RocksEventStore::verify() const {
    VerifyReport r;
    rocksdb::ReadOptions ro;
    const rocksdb::Snapshot* snap = options_.read_only ? nullptr : rocks_.db->GetSnapshot();
    ro.snapshot = snap;
    // A damaged block fails the checksum pass; the chain walk then names the transaction that
    // cannot be read (or, if the damage lies elsewhere, the checksum failure is reported alone).
    const rocksdb::Status checksums = rocks_.db->VerifyChecksum(ro);
    ChainFacts facts;
    verify_chain(r, ro, facts);
    if (r.ok) {
        uint64_t bad_tx = 0;
        if (std::string problem = check_signatures(facts, r, bad_tx); !problem.empty())
            fail(r, bad_tx, std::move(problem));
    }
    if (r.ok) {
        if (std::string problem = check_families(*rocks_.db, rocks_.cf, ro, facts, r.notes);
            !problem.empty()) {
            fail(r, 0, std::move(problem));
        }
    }
    if (r.ok) {
        if (std::string problem =
                check_store_files(path_, options_.read_only ? nullptr : rocks_.db, r.notes);
            !problem.empty()) {
            r.incomplete = problem.find("Too many open files") != std::string::npos;
            fail(r, 0, std::move(problem));
        }
    }
    if (snap != nullptr) rocks_.db->ReleaseSnapshot(snap);
    if (!checksums.ok()) {
        const std::string note =
            fmt::format("RocksDB checksum verification failed: {}", checksums.ToString());
        if (r.ok || r.first_bad_tx == 0) {
            fail(r, 0, note);  // the damage is not attributable to one transaction
        } else {
            r.problem += " (" + note + ")";
        }
    }
    return r;
}

void RocksEventStore::verify_chain(VerifyReport& r, const rocksdb::ReadOptions& ro,
                                   ChainFacts& facts) const {
    std::unique_ptr<rocksdb::Iterator> tx_it(
        rocks_.db->NewIterator(ro, rocks_.cf[RocksHandles::kTx]));
    LogCursor log = log_cursor(ro);
    log.seek_to_first();
    codec::Hash prev{};
    uint64_t expected_tx = 1;
    uint64_t expected_seq = 1;
    TxHasher hash;
    uint64_t index_digest = 0;  // what the timeline must hold, as an order-free digest
    std::unordered_map<uint32_t, uint64_t> per_patient;  // events per compact patient id
    codec::Record rec;
    for (tx_it->SeekToFirst(); tx_it->Valid(); tx_it->Next(), ++expected_tx) {
        const uint64_t tx = tx_it->key().size() == 8 ? codec::get_u64_be(tx_it->key().data()) : 0;
        if (tx != expected_tx) {
            fail(r, expected_tx, fmt::format("transaction {} is missing", expected_tx));
            return;
        }
        codec::TxRecord txr;
        if (auto s = codec::decode_tx(tx_it->value().ToStringView(), tx, txr); !s) {
            fail(r, tx, s.message());
            return;
        }
        if (txr.prev_hash != prev) {
            fail(r, tx,
                 fmt::format("transaction {}: its previous-hash does not match the hash of "
                             "transaction {}",
                             tx, tx - 1));
            return;
        }
        if (txr.first_seq != expected_seq || txr.last_seq < txr.first_seq) {
            fail(r, tx,
                 fmt::format("transaction {}: sequence range {}..{} does not continue the "
                             "log at {}",
                             tx, txr.first_seq, txr.last_seq, expected_seq));
            return;
        }
        hash.start(prev);
        for (uint64_t seq = txr.first_seq; seq <= txr.last_seq; ++seq) {
            // The cursor moves only to events it must check: never past the last transaction
            // into what a chunked append in progress has staged.
            if (seq > 1) log.next();
            if (!log.valid() && !log.status().is_ok()) {
                // Damage found on the way in may belong to the transaction before (an entry
                // inside its last segment's numbers).
                const uint64_t culprit = log.error_seq() < txr.first_seq ? tx - 1 : tx;
                fail(r, culprit,
                     fmt::format("transaction {}: event {} cannot be read: {}", culprit, seq,
                                 log.status().message()));
                return;
            }
            if (!log.valid() || log.seq() != seq) {
                fail(r, tx,
                     fmt::format("transaction {}: event {} is missing from the log", tx, seq));
                return;
            }
            if (log.entry_last_seq() > txr.last_seq) {
                fail(r, tx,
                     fmt::format("transaction {}: the log segment holding event {} runs on to "
                                 "event {}, beyond the transaction",
                                 tx, seq, log.entry_last_seq()));
                return;
            }
            const std::string_view bytes = log.record();
            if (auto s = codec::decode_record(bytes, rec); !s) {
                fail(r, tx, fmt::format("transaction {}: event {}: {}", tx, seq, s.message()));
                return;
            }
            if (rec.event.tx != tx) {
                fail(r, tx,
                     fmt::format("transaction {}: event {} claims transaction {}", tx, seq,
                                 rec.event.tx));
                return;
            }
            auto name = patient_name(rec.patient, ro);
            if (!name) {
                fail(r, tx,
                     fmt::format("transaction {}: event {}: {}", tx, seq, name.status().message()));
                return;
            }
            hash.add_event(seq, *name, bytes);
            if (rec.event.correction != Correction::kNone) {
                facts.corrections[{rec.event.target_seq, seq}] =
                    static_cast<uint8_t>(rec.event.correction);
            }
            facts.patients.emplace(rec.patient, *name);
            if (is_signing_record(rec.event, *name)) {
                SigningRecord& signing = facts.signing.emplace_back();
                signing.event = rec.event;
                signing.event.seq = seq;
                signing.event.patient_id = *name;
                signing.event.recorded_at_us = txr.recorded_at_us;
                signing.tx_source = txr.source;
                signing.tx_has_os_account = !txr.os_account.empty();
            }
            index_digest += page_entry_digest(rec.patient, seq, bytes);
            ++per_patient[rec.patient];
            ++r.events_checked;
        }
        const codec::Hash computed = hash.finish(txr);
        if (computed != txr.hash) {
            fail(r, tx,
                 fmt::format("transaction {}: hash mismatch: its events or metadata were "
                             "changed after it was committed",
                             tx));
            return;
        }
        prev = computed;
        facts.tx_hashes.push_back(computed);
        expected_seq = txr.last_seq + 1;
        ++r.transactions_checked;
        if (txr.source.rfind("sha256:", 0) == 0) facts.imports.emplace(txr.source, tx);
        if (txr.source == kRehashSource) {
            r.notes.push_back(fmt::format(
                "transactions 1..{} were re-hashed by 'replay --rehash' from a stream whose hashes "
                "were not checked (transaction {}, recorded {:%Y-%m-%dT%H:%M:%S}Z by '{}'): their "
                "hashes are this store's own, not the original chain's",
                tx - 1, tx, fmt::gmtime(static_cast<std::time_t>(txr.recorded_at_us / 1000000)),
                txr.author));
        }
    }
    if (!tx_it->status().ok()) {
        fail(r, expected_tx, fmt::format("reading failed: {}", tx_it->status().ToString()));
        return;
    }
    std::string v;
    const bool staging =
        rocks_.db->Get(ro, rocks_.cf[RocksHandles::kMeta], codec::kMetaStaging, &v).ok();
    if (!staging) {                        // (a chunked append in progress stages beyond the end)
        if (expected_seq > 1) log.next();  // past the last event checked
        if (!log.status().is_ok()) {
            fail(r, expected_tx - 1,
                 fmt::format("reading the log after event {} failed: {}", expected_seq - 1,
                             log.status().message()));
            return;
        }
        if (log.valid()) {
            fail(r, expected_tx,
                 fmt::format("the log holds event {} beyond the last transaction", log.seq()));
            return;
        }
    }
    r.head_hash_hex = codec::to_hex(prev);
    facts.last_seq = expected_seq - 1;
    facts.last_tx = expected_tx - 1;
    facts.head = prev;
    facts.staging = staging;
    auto last = rocks_.db->Get(ro, rocks_.cf[RocksHandles::kMeta], codec::kMetaLastSeq, &v);
    auto last_seq = codec::decode_u64_value(v, "last_seq");
    if (!last.ok() || !last_seq || *last_seq != expected_seq - 1) {
        fail(r, expected_tx - 1, "metadata 'last_seq' does not match the log");
        return;
    }
    if (rocks_.db->Get(ro, rocks_.cf[RocksHandles::kMeta], codec::kMetaHead, &v).ok()) {
        auto bytes = codec::decode_bytes_value(v, "head");
        if (!bytes ||
            *bytes != std::string(reinterpret_cast<const char*>(prev.data()), prev.size())) {
            fail(r, expected_tx - 1, "metadata 'head' does not match the last transaction's hash");
            return;
        }
    }
    // While a chunked append is staged, its entries beyond the log's end are not the store's yet;
    // otherwise any entry beyond the end is a foreign one and must be reported.
    verify_indexes(r, index_digest, per_patient, staging ? expected_seq - 1 : UINT64_MAX, ro);
}

bool RocksEventStore::verify_indexes(VerifyReport& r, uint64_t expected_digest,
                                     const std::unordered_map<uint32_t, uint64_t>& per_patient,
                                     uint64_t staged_after, const rocksdb::ReadOptions& ro) const {
    // One sequential pass over the timeline pages compares an order-independent digest with the
    // one derived from the log; only on a mismatch is the culprit located. Entries beyond
    // `staged_after` are staged by a chunked append in progress and not part of the store yet.
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(ro, rocks_.cf[RocksHandles::kTimeline]));
    uint64_t count = 0;
    uint64_t digest = 0;
    std::unordered_map<uint32_t, uint64_t> page_counts;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        uint32_t patient = 0;
        if (!codec::decode_timeline_patient_key(it->key().ToStringView(), patient)) {
            return fail(r, 0, "the timeline index holds a malformed key");
        }
        codec::PageReader page(it->value().ToStringView());
        uint64_t seq = 0;
        std::string_view record;
        std::unordered_map<uint64_t, std::string_view> seen;  // seq -> record, in this page
        while (page.next(seq, record)) {
            if (seq > staged_after) continue;
            // The same entry twice (a secondary's memtable and the writer's flushed table file
            // both hold one merge operand) is one event, as readers take it (timeline_pages.cpp);
            // a repeat with other bytes is not.
            if (const auto [at, fresh] = seen.emplace(seq, record); !fresh) {
                if (at->second == record) continue;
                return fail(r, 0,
                            fmt::format("the timeline page of patient number {} holds event {} "
                                        "twice, with different bytes",
                                        patient, seq));
            }
            ++count;
            ++page_counts[patient];
            digest += page_entry_digest(patient, seq, record);
        }
        if (!page.ok()) {
            return fail(
                r, 0, fmt::format("the timeline page of patient number {} is malformed", patient));
        }
    }
    if (!it->status().ok()) return fail(r, 0, it->status().ToString());
    if (count == r.events_checked && digest == expected_digest) return true;

    // Locate the culprit: an entry that differs from the log, else a patient whose page lacks
    // events the log gives it.
    codec::Record rec;
    LogCursor log = log_cursor(ro);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        codec::PageReader page(it->value().ToStringView());
        uint64_t seq = 0;
        std::string_view record;
        while (page.next(seq, record)) {
            if (seq > staged_after) continue;
            const Status gs = log.find(seq);
            if (gs.is_ok() && log.record() == record) continue;
            const uint64_t tx = codec::decode_record(record, rec) ? rec.event.tx : 0;
            return fail(r, tx,
                        fmt::format("transaction {}: event {}: the timeline index {}", tx, seq,
                                    gs.is_ok() ? "holds different bytes than the log"
                                               : "holds an event which is not in the log"));
        }
    }
    for (const auto& [patient, n] : per_patient) {
        const auto found = page_counts.find(patient);
        const uint64_t held = found == page_counts.end() ? 0 : found->second;
        if (held != n) {
            auto name = patient_name(patient, ro);
            return fail(r, 0,
                        fmt::format("the timeline index holds {} of the {} events of patient '{}'",
                                    held, n, name ? *name : std::to_string(patient)));
        }
    }
    return fail(
        r, 0,
        fmt::format("the timeline index holds {} entries for {} events", count, r.events_checked));
}

Result<StoreStats> RocksEventStore::stats() const {
    StoreStats st;
    auto names = patients();
    if (!names) return names.status();
    st.patients = names->size();
    st.events = last_seq();
    st.transactions = last_tx();
    rocksdb::ReadOptions ro;
    if (st.transactions > 0) {
        auto first = read_tx(1, ro);
        if (!first) return first.status();
        auto last = read_tx(st.transactions, ro);
        if (!last) return last.status();
        st.first_recorded_at_us = (*first)->recorded_at_us;
        st.last_recorded_at_us = (*last)->recorded_at_us;
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path_, ec)) {
        std::error_code size_ec;
        if (entry.is_regular_file(size_ec)) {
            const auto size = entry.file_size(size_ec);
            if (!size_ec) st.size_on_disk_bytes += size;
        }
    }
    return st;
}

}  // namespace dayzero::store
