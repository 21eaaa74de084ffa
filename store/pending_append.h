#pragma once
// RocksEventStore::PendingAppend: the state of one transaction while it is being appended, shared
// by validation (rocks_append.cpp) and batch building (rocks_stage.cpp). Private to store/.

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "store/rocks_event_store.h"
#include "store/tx_hasher.h"

namespace dayzero::store {

struct RocksEventStore::EncodedChunk {
    std::string records;                           // every record of the chunk, back to back
    std::vector<std::pair<size_t, size_t>> spans;  // (offset, size) of event i's record
    // (patient, event index) in patient order, then sequence order: one page operand each run.
    std::vector<std::pair<uint32_t, size_t>> by_patient;

    std::string_view record(size_t i) const {
        return std::string_view(records.data() + spans[i].first, spans[i].second);
    }
};

// One chunk of a chunked append: validated and encoded by the appending thread, its log table
// built and then written by a task of its own (rocks_append.cpp). A few take turns, reused from
// chunk to chunk: a fresh multi-megabyte buffer per chunk costs page faults (and unmapping).
// Chunks of a chunked append in flight at once: one being encoded, one whose table is being
// built, one being ingested and written.
inline constexpr size_t kStagedChunks = 3;

struct RocksEventStore::StagedChunk {
    EncodedChunk encoded;
    rocksdb::WriteBatch batch;  // page operands and correction entries
    uint64_t first_seq = 0;
    std::string table_file;  // its log entries as a table file, until ingested
    // The pages of the patients first seen in this chunk, whole (patient order): written as a
    // table of their own and ingested with the log table, instead of merged through the WAL and
    // memtable. Nothing else holds page data for them, and their numbers are above every page
    // written before, so the table overlaps nothing and a Put of the page is what merging the
    // one operand onto nothing would give.
    std::string pages;
    std::vector<std::pair<uint32_t, std::pair<size_t, size_t>>> page_spans;  // patient, (at, size)
    std::string page_table_file;  // "" when no patient is new in the chunk
    // Removes the table files, if still there (ingestion moves them into the store).
    void remove_files() const {
        std::remove(table_file.c_str());
        if (!page_table_file.empty()) std::remove(page_table_file.c_str());
    }
    // The chunk's validated events, kept while it is written: corrections in the next chunk may
    // name them, and the caller's WrittenChunkSink gets them back once written.
    std::vector<Event> events;
};

struct RocksEventStore::PendingAppend {
    // The transaction.
    uint64_t tx = 0;
    uint64_t first_seq = 0;  // its first sequence number
    uint64_t next_seq = 0;   // the next one to assign
    int64_t recorded_at_us = 0;
    bool fixed_clock = false;  // recorded_at_us came from OpenOptions::fixed_clock_us
    std::string author;
    std::string reason;
    std::string source;
    uint32_t next_patient = 0;
    uint32_t chunk_first_new_patient = 0;               // next_patient before the current chunk
    std::unordered_map<std::string, uint32_t> new_ids;  // patients first seen in this transaction
    std::unordered_map<uint64_t, uint64_t> retracted;   // target -> retracting seq, this tx
    bool staged = false;  // earlier chunks are already written (the staging marker is set)
    TxHasher hash;        // previous hash and every event so far (the header is added last)
    rocksdb::ReadOptions ro;

    // The chunk being validated and written.
    std::vector<Event>* chunk = nullptr;
    uint64_t chunk_first_seq = 0;
    std::vector<uint32_t> patient_of;  // compact patient id per event of the chunk
    // Chunked appends: the chunks taking turns; those still being written hold their events.
    std::array<StagedChunk, kStagedChunks> staged_chunks;
};

}  // namespace dayzero::store
