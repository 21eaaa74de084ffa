#pragma once
// The store's counters in the meta family (last sequence number, last transaction, next patient
// number, hash-chain head): read at open and after a refresh, written by every commit. Private
// to store/.

#include <atomic>
#include <cstdint>
#include <string>

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "store/codec.h"
#include "store/rocks_handles.h"
#include "store/status.h"

namespace dayzero::store {

struct Counters {
    uint32_t format = codec::kFormatVersion;
    uint64_t last_seq = 0;
    uint64_t last_tx = 0;
    uint32_t next_patient = 1;
    codec::Hash head{};
};

// The last committed position, read by every thread (the writer's commit moves it).
struct Published {
    std::atomic<uint64_t> last_seq{0};
    std::atomic<uint64_t> last_tx{0};
};

// Reads the counters of the store at `path` (a missing or malformed one is corruption).
Result<Counters> read_counters(const RocksHandles& rocks, const rocksdb::ReadOptions& ro,
                               const std::string& path);
// Adds `counters` to `batch` (all but the format, which only a new store writes).
void put_counters(rocksdb::WriteBatch& batch, const RocksHandles& rocks, const Counters& counters);

}  // namespace dayzero::store
