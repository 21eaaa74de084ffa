#pragma once
// Appender: the store's only writer of events. Validates a transaction, assigns its sequence
// numbers and patient numbers, encodes it once for the log, the pages, the corrections index and
// the hash chain, and commits it — as one batch, or for a chunked append as staged chunks
// (staging.h) published by one final batch. Private to store/.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/write_batch.h>

#include "store/codec.h"
#include "store/directory.h"
#include "store/event_store.h"
#include "store/log_reader.h"
#include "store/rocks_handles.h"
#include "store/staging.h"
#include "store/store_meta.h"
#include "store/timeline_pages.h"

namespace dayzero::store {

struct PendingAppend;

class Appender {
  public:
    Appender(RocksHandles& rocks, Directory& directory, const LogReader& log,
             const TimelinePages& pages, Staging& staging, Published& published, std::string path,
             const OpenOptions& options)
        : rocks_(rocks),
          directory_(directory),
          log_(log),
          pages_(pages),
          staging_(staging),
          published_(published),
          path_(std::move(path)),
          sync_writes_(options.sync_writes),
          fixed_clock_us_(options.fixed_clock_us),
          fixed_os_account_(options.fixed_os_account) {}

    // Takes over the committed state (`counters`) and loads the patient numbers.
    Status open(const Counters& counters);
    // The last committed transaction's counters.
    Counters committed() const {
        std::lock_guard lock(mu_);
        return committed_;
    }
    // EventStore::append.
    Result<TransactionInfo> append(TransactionRequest request);
    // EventStore::append_chunked.
    Result<TransactionInfo> append_chunked(TransactionRequest header, const EventChunkSource& next,
                                           const WrittenChunkSink& written);

  private:
    Status check_expected(const TransactionRequest& request) const;
    void begin(const TransactionRequest& request, PendingAppend& pending);
    // Validates the current chunk's events and assigns their numbers (append_checks.cpp).
    Status validate_and_assign(PendingAppend& pending);
    Status check_correction(Event& e, size_t index, PendingAppend& pending);
    // The event a correction names, wherever this transaction has it so far.
    Result<Event> read_target(uint64_t seq, const PendingAppend& pending) const;
    // Encodes the chunk's events into `out`, adds them to the hash chain and their correction
    // entries to `batch` (append_encode.cpp).
    void encode_chunk(PendingAppend& pending, EncodedRecords& out, rocksdb::WriteBatch& batch);
    // Adds the chunk's log entries, page operands and corrections to `batch` and advances
    // pending.next_seq past them (a transaction written as one batch).
    void stage_chunk(PendingAppend& pending, rocksdb::WriteBatch& batch);
    // The appending thread's half of staging a chunk: encodes it into `out` and advances
    // pending.next_seq past it.
    void encode_staged_chunk(PendingAppend& pending, StagedChunk& out);
    // Stages the chunks after `chunk` and `following` (both read already) and commits them.
    Result<TransactionInfo> append_staged(PendingAppend& p, std::vector<Event>& chunk,
                                          std::vector<Event>& following,
                                          const EventChunkSource& next,
                                          const WrittenChunkSink& written);
    // Adds the transaction record and the new counters to `batch`; returns the record.
    codec::TxRecord add_commit(PendingAppend& pending, rocksdb::WriteBatch& batch);
    // Writes the commit batch of transaction `tx`, synced when the store syncs writes.
    Status write_commit(rocksdb::WriteBatch& batch, uint64_t tx);
    // Makes a committed transaction the store's new state in memory.
    void publish(PendingAppend& pending, const codec::TxRecord& txr);
    // append() with the lock held; `written`, when set, gets the events back once written.
    Result<TransactionInfo> append_locked(TransactionRequest& request,
                                          const WrittenChunkSink& written = {});

    RocksHandles& rocks_;
    Directory& directory_;
    const LogReader& log_;
    const TimelinePages& pages_;
    Staging& staging_;
    Published& published_;
    const std::string path_;
    const bool sync_writes_;
    std::optional<int64_t> fixed_clock_us_;
    std::optional<std::string> fixed_os_account_;  // tests: the account recorded

    mutable std::mutex mu_;  // one append at a time
    Counters committed_;
    std::unordered_map<std::string, uint32_t> patient_ids_;
};

}  // namespace dayzero::store
