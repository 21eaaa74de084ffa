#include "store/writer_check.h"

#include <fmt/format.h>

#include "store/commit_point.h"
#include "store/tx_hasher.h"

namespace dayzero::store {
namespace {

Status refused(const std::string& path, const std::string& what) {
    return Status::corruption(
        fmt::format("store '{}' is damaged and takes no writes: "
                    "{}. `dayzero verify` reports on the whole store. {}",
                    path, what, damaged_store_advice()));
}

// The number of the last transaction record in the tx family (0 when there is none).
Result<uint64_t> last_tx_record(const RocksHandles& rocks) {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks.db->NewIterator(rocksdb::ReadOptions(), rocks.family(RocksHandles::kTx)));
    it->SeekToLast();
    if (!it->Valid()) {
        if (auto s = from_rocks(it->status(), "reading transactions"); !s) return s;
        return uint64_t{0};
    }
    if (it->key().size() != 8) return Status::corruption("the last transaction key is malformed");
    return codec::get_u64_be(it->key().data());
}

// The highest compact patient number that has a name (0 when there is none).
Result<uint32_t> last_patient_number(const RocksHandles& rocks) {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks.db->NewIterator(rocksdb::ReadOptions(), rocks.family(RocksHandles::kPatients)));
    it->SeekForPrev(codec::patient_id_key(UINT32_MAX));
    if (auto s = from_rocks(it->status(), "reading patients"); !s) return s;
    if (!it->Valid() || it->key().empty() || it->key()[0] != codec::kPatientIdPrefix)
        return uint32_t{0};
    if (it->key().size() != 5) return Status::corruption("a patient number key is malformed");
    return codec::get_u32_be(it->key().data() + 1);
}

}  // namespace

Status check_counters(const std::string& path, const RocksHandles& rocks,
                      const Directory& directory, const Counters& c) {
    const rocksdb::ReadOptions ro;
    auto last = last_tx_record(rocks);
    if (!last) return refused(path, last.status().message());
    if (*last != c.last_tx) {
        return refused(path, fmt::format("metadata 'last_tx' says {} but the last transaction "
                                         "recorded is {}",
                                         c.last_tx, *last));
    }
    auto patients = last_patient_number(rocks);
    if (!patients) return refused(path, patients.status().message());
    if (*patients + 1 != c.next_patient) {
        return refused(path, fmt::format("metadata 'next_patient' says {} but the highest patient "
                                         "number in use is {}",
                                         c.next_patient, *patients));
    }
    if (c.last_tx == 0) {
        if (c.last_seq != 0 || c.head != codec::Hash{})
            return refused(path, "an empty store's metadata 'last_seq' or 'head' is not zero");
        return Status::ok();
    }
    auto tx = directory.read_tx(c.last_tx, ro);
    if (!tx) {
        return refused(path, fmt::format("transaction {} cannot be read: {}", c.last_tx,
                                         tx.status().message()));
    }
    if ((*tx)->last_seq != c.last_seq) {
        return refused(path, fmt::format("metadata 'last_seq' says {} but transaction {} ends at "
                                         "event {}",
                                         c.last_seq, c.last_tx, (*tx)->last_seq));
    }
    if ((*tx)->hash != c.head) {
        return refused(path,
                       fmt::format("metadata 'head' is not the hash of transaction {}", c.last_tx));
    }
    if (c.last_tx > 1) {
        auto before = directory.read_tx(c.last_tx - 1, ro);
        if (!before || (*before)->hash != (*tx)->prev_hash ||
            (*before)->last_seq + 1 != (*tx)->first_seq) {
            return refused(path, fmt::format("transaction {} does not continue transaction {}",
                                             c.last_tx, c.last_tx - 1));
        }
    }
    return Status::ok();
}

Status check_log_end(const std::string& path, const LogReader& log, const Directory& directory,
                     const Counters& c) {
    const rocksdb::ReadOptions ro;
    LogCursor cursor = log.cursor(ro);
    if (c.last_tx == 0) {
        cursor.seek_to_first();
        if (cursor.valid()) return refused(path, "the log holds events but no transaction");
        if (!cursor.status()) return refused(path, cursor.status().message());
        return Status::ok();
    }
    auto tx = directory.read_tx(c.last_tx, ro);
    if (!tx) return refused(path, tx.status().message());
    const codec::TxRecord& txr = **tx;
    TxHasher hash;
    hash.start(txr.prev_hash);
    codec::Record rec;
    uint64_t seq = txr.first_seq;
    for (cursor.seek(seq); cursor.valid() && cursor.seq() <= txr.last_seq; cursor.next(), ++seq) {
        if (cursor.seq() != seq) break;
        if (auto s = codec::decode_record(cursor.record(), rec); !s)
            return refused(path, fmt::format("event {}: {}", seq, s.message()));
        auto name = directory.patient_name(rec.patient, ro);
        if (!name) return refused(path, fmt::format("event {}: {}", seq, name.status().message()));
        hash.add_event(seq, *name, cursor.record());
    }
    if (!cursor.status()) return refused(path, cursor.status().message());
    if (seq != txr.last_seq + 1) {
        return refused(path, fmt::format("event {} of transaction {} is missing from the log", seq,
                                         c.last_tx));
    }
    if (cursor.valid()) {
        return refused(path, fmt::format("the log holds event {} beyond the last transaction "
                                         "(metadata 'last_seq' says {})",
                                         cursor.seq(), c.last_seq));
    }
    if (hash.finish(txr) != txr.hash) {
        return refused(path, fmt::format("transaction {}'s hash does not recompute: its events or "
                                         "metadata were changed after it was committed",
                                         c.last_tx));
    }
    return Status::ok();
}

}  // namespace dayzero::store
