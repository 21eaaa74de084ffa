#pragma once
// PendingAppend: the state of one transaction while the Appender validates, encodes and writes
// it (appender.cpp, append_checks.cpp, append_encode.cpp). Private to store/.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/options.h>

#include "store/event.h"
#include "store/staging.h"
#include "store/tx_hasher.h"

namespace dayzero::store {

struct PendingAppend {
    // The transaction.
    uint64_t tx = 0;
    uint64_t first_seq = 0;  // its first sequence number
    uint64_t next_seq = 0;   // the next one to assign
    int64_t recorded_at_us = 0;
    bool fixed_clock = false;  // recorded_at_us came from OpenOptions::fixed_clock_us
    std::string author;
    std::string reason;
    std::string source;
    // Sets `source` before the first write when it was not known at the start
    // (TransactionRequest::settle_source); cleared once called.
    std::function<Status(std::string& source)> settle_source;
    std::string os_account;
    uint32_t next_patient = 0;
    uint32_t chunk_first_new_patient = 0;  // next_patient before the current chunk
    uint32_t group_first_new_patient = 0;  // next_patient before the staged group (staging.h)
    std::unordered_map<std::string, uint32_t> new_ids;  // patients first seen in this transaction
    std::unordered_map<uint64_t, uint64_t> retracted;   // target -> retracting seq, this tx
    bool staged = false;  // the staging marker is set: the database may hold staged entries
    TxHasher hash;        // previous hash and every event so far (the header is added last)
    rocksdb::ReadOptions ro;

    // The chunk being validated and written.
    std::vector<Event>* chunk = nullptr;
    uint64_t chunk_first_seq = 0;
    std::vector<uint32_t> patient_of;  // compact patient id per event of the chunk
    // Chunked appends: the chunks taking turns; each keeps its encoded records until reused.
    std::array<StagedChunk, kStagedChunks> staged_chunks;
};

}  // namespace dayzero::store
