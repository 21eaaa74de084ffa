#include "store/store_meta.h"

#include <algorithm>

#include <fmt/format.h>

namespace dayzero::store {

Result<Counters> read_counters(const RocksHandles& rocks, const rocksdb::ReadOptions& ro,
                               const std::string& path) {
    auto* meta = rocks.family(RocksHandles::kMeta);
    std::string v;
    auto get = [&](std::string_view key) -> Status {
        auto s = rocks.db->Get(ro, meta, key, &v);
        if (s.IsNotFound()) {
            return Status::corruption(
                fmt::format("store '{}': metadata '{}' is missing", path, key));
        }
        return from_rocks(s, fmt::format("store '{}': reading '{}'", path, key));
    };
    Counters c;
    if (auto s = get(codec::kMetaFormatVersion); !s) return s;
    auto version = codec::decode_u32_value(v, "format_version");
    if (!version) return version.status();
    c.format = *version;
    if (c.format != codec::kFormatVersion) return c;  // the caller refuses it
    if (auto s = get(codec::kMetaLastSeq); !s) return s;
    auto seq = codec::decode_u64_value(v, "last_seq");
    if (!seq) return seq.status();
    if (auto s = get(codec::kMetaLastTx); !s) return s;
    auto tx = codec::decode_u64_value(v, "last_tx");
    if (!tx) return tx.status();
    if (auto s = get(codec::kMetaNextPatient); !s) return s;
    auto next = codec::decode_u32_value(v, "next_patient");
    if (!next) return next.status();
    if (auto s = get(codec::kMetaHead); !s) return s;
    auto head = codec::decode_bytes_value(v, "head");
    if (!head) return head.status();
    if (head->size() != c.head.size()) return Status::corruption("metadata 'head': wrong size");
    std::copy(head->begin(), head->end(), c.head.begin());
    c.last_seq = *seq;
    c.last_tx = *tx;
    c.next_patient = *next;
    return c;
}

void put_counters(rocksdb::WriteBatch& batch, const RocksHandles& rocks, const Counters& c) {
    auto* meta = rocks.family(RocksHandles::kMeta);
    batch.Put(meta, codec::kMetaLastSeq, codec::encode_u64_value(c.last_seq));
    batch.Put(meta, codec::kMetaLastTx, codec::encode_u64_value(c.last_tx));
    batch.Put(meta, codec::kMetaNextPatient, codec::encode_u32_value(c.next_patient));
    batch.Put(meta, codec::kMetaHead,
              codec::encode_bytes_value(
                  std::string_view(reinterpret_cast<const char*>(c.head.data()), c.head.size())));
}

}  // namespace dayzero::store
