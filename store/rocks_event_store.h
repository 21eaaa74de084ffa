#pragma once
// RocksEventStore: the EventStore on RocksDB column families (format in store/codec.cpp).

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include "store/codec.h"
#include "store/event_store.h"
#include "store/log_cursor.h"

namespace dayzero::store {

struct ChainFacts;  // store/verify_checks.h

// Owns the RocksDB instance and its column family handles; handles are destroyed first.
class RocksHandles {
  public:
    enum Family : size_t {
        kDefault,
        kLog,
        kTimeline,
        kPatients,
        kImports,
        kTx,
        kCorrections,
        kMeta,
        kProjections,
        kFamilyCount
    };

    RocksHandles() = default;
    ~RocksHandles();
    RocksHandles(const RocksHandles&) = delete;
    RocksHandles& operator=(const RocksHandles&) = delete;

    // The names of the families in Family order.
    static std::vector<std::string> family_names();
    // Destroys the handles, then closes and deletes the database; idempotent.
    void close();

    rocksdb::DB* db = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> cf;
};

// The public view of a stored transaction record.
TransactionInfo to_info(const codec::TxRecord& tx);

class RocksEventStore final : public EventStore {
  public:
    // Opens or creates the store; see EventStore::open.
    static Result<std::unique_ptr<EventStore>> open_store(const std::string& path,
                                                          const OpenOptions& options);
    ~RocksEventStore() override;

    Result<TransactionInfo> append(TransactionRequest request) override;
    Result<TransactionInfo> append_chunked(TransactionRequest header, const EventChunkSource& next,
                                           const WrittenChunkSink& written = {}) override;
    Result<std::vector<Event>> timeline(const std::string& patient_id,
                                        const TimelineQuery& query) const override;
    Status for_each_patient(const PatientVisitor& visit, const AsOf& as_of) const override;
    Status scan_log(uint64_t from_seq, uint64_t to_seq, const EventVisitor& visit) const override;
    Result<Event> event(uint64_t seq) const override;
    Result<std::vector<Event>> corrections_of(uint64_t seq) const override;
    Result<TransactionInfo> transaction(uint64_t tx) const override;
    std::optional<TransactionInfo> find_import(const std::string& source) const override;
    Result<std::vector<std::string>> patients() const override;
    uint64_t last_seq() const override { return last_seq_.load(); }
    uint64_t last_tx() const override { return last_tx_.load(); }
    Result<StoreStats> stats() const override;
    VerifyReport verify() const override;
    bool read_only() const override { return options_.read_only; }
    const std::string& path() const override { return path_; }
    Status refresh() override;
    Status write_projection(std::string_view name,
                            const std::vector<std::pair<std::string, std::string>>& entries,
                            uint64_t valid_at_seq, bool replace_all) override;
    std::optional<uint64_t> projection_seq(std::string_view name) const override;
    Status scan_projection(std::string_view name, const ProjectionVisitor& visit) const override;

  private:
    RocksEventStore(std::string path, OpenOptions options);

    // Opens RocksDB (creating the families when `creating`) and loads the counters.
    Status open_db(bool creating);
    Status load_meta();
    Status load_patients();

    // Reads through `ro` (which may carry a snapshot).
    Result<std::string> patient_name(uint32_t compact_id, const rocksdb::ReadOptions& ro) const;
    Result<std::optional<uint32_t>> find_patient(const std::string& id,
                                                 const rocksdb::ReadOptions& ro) const;
    Result<std::shared_ptr<const codec::TxRecord>> read_tx(uint64_t tx,
                                                           const rocksdb::ReadOptions& ro) const;
    // Turns a stored record into a complete Event (patient id, provenance from its transaction).
    Status complete(codec::Record& rec, uint64_t seq, const rocksdb::ReadOptions& ro) const;
    Result<Event> read_event(uint64_t seq, const rocksdb::ReadOptions& ro) const;
    // The stored record of event `seq` into `out` (a not-found status when the log lacks it),
    // whether it has a log entry of its own or lies in a segment.
    Status read_log_record(uint64_t seq, const rocksdb::ReadOptions& ro, std::string& out) const;
    // A cursor over the log family through `ro`.
    LogCursor log_cursor(const rocksdb::ReadOptions& ro) const;
    // One patient's raw events between two days (inclusive), visible at `as_of`, key order.
    // Visits the 'n' entries of the patients family (external id, stored compact-id value) in id
    // order through `ro`; the first error a visit returns stops the scan and is returned.
    using PatientNameVisitor = std::function<Status(std::string_view name, std::string_view value)>;
    Status scan_patient_names(const rocksdb::ReadOptions& ro,
                              const PatientNameVisitor& visit) const;
    // Sequence numbers beyond `visible_seq` (staged, not committed) are never returned. Both
    // REPLACE the content of `out`/`events`, decoding over its old elements to reuse them.
    Status read_patient(uint32_t compact_id, const std::string& patient_id, int64_t day_from,
                        int64_t day_to, const AsOf& as_of, const rocksdb::ReadOptions& ro,
                        uint64_t visible_seq, std::vector<Event>& out) const;
    Status patient_view(uint32_t compact_id, const std::string& patient_id,
                        const TimelineQuery& query, const rocksdb::ReadOptions& ro,
                        uint64_t visible_seq, std::vector<Event>& events) const;

    // Append helpers (rocks_append.cpp: validation; rocks_stage.cpp: batches and commit).
    struct PendingAppend;
    Status check_append_allowed(const TransactionRequest& request) const;
    void begin_append(const TransactionRequest& request, PendingAppend& pending);
    Status validate_and_assign(PendingAppend& pending);
    Status check_correction(Event& e, size_t index, PendingAppend& pending);
    Result<Event> read_target(uint64_t seq, const PendingAppend& pending) const;
    // The chunk's records, encoded once for the log, the pages and the hash chain.
    struct EncodedChunk;
    // A chunk of a chunked append between encoding and writing (pending_append.h).
    struct StagedChunk;
    // Encodes the chunk's events into `out`, adds them to the hash chain and their correction
    // entries to `batch`.
    void encode_chunk(PendingAppend& pending, EncodedChunk& out, rocksdb::WriteBatch& batch);
    // Adds one merge operand per patient of the chunk (its new page entries) to `batch`; with
    // `table`, the pages of patients first seen in this chunk go to table->pages instead.
    void add_page_operands(const PendingAppend& pending, const EncodedChunk& chunk,
                           rocksdb::WriteBatch& batch, StagedChunk* table = nullptr);
    // Adds the chunk's log entries, its page operands, its corrections and its hash to `batch`
    // and advances pending.next_seq past them (a transaction written as one batch).
    void stage_chunk(PendingAppend& pending, rocksdb::WriteBatch& batch);
    // Makes the staging marker durable before the transaction's first chunk is written.
    Status mark_staging(PendingAppend& pending);
    // Encodes the current chunk into `out` (records, hash chain, page operands, corrections) and
    // advances pending.next_seq past it; the appending thread's half of staging a chunk.
    void encode_staged_chunk(PendingAppend& pending, StagedChunk& out);
    // Writes an encoded chunk's log entries of transaction `tx` as a table file (chunk.table_file)
    // of segments of consecutive records.
    // Touches nothing of the PendingAppend, so it runs beside the appending thread and beside
    // the previous chunk's write.
    Status build_log_table(uint64_t tx, StagedChunk& chunk);
    // Ingests the chunk's table, then writes its page operands and corrections (synced); the
    // table file is gone afterwards, whatever happened.
    Status write_staged_chunk(uint64_t tx, StagedChunk& chunk);
    // Adds the transaction record and the new counters to `batch`; returns the record.
    codec::TxRecord add_commit(PendingAppend& pending, rocksdb::WriteBatch& batch);
    // Writes a batch of transaction `tx`, synced when the store syncs writes or `always_sync`
    // (staged chunks must be durable before what depends on them is written).
    Status write_batch(rocksdb::WriteBatch& batch, uint64_t tx, bool always_sync = false);
    // Makes a committed transaction the store's new state in memory.
    void publish(PendingAppend& pending, const codec::TxRecord& txr);
    // append() with the lock held; `written`, when set, gets the events back once written.
    Result<TransactionInfo> append_locked(TransactionRequest& request,
                                          const WrittenChunkSink& written = {});
    // Removes every staged entry from `from_seq` on (an interrupted chunked append).
    Status discard_staged(uint64_t from_seq);
    // At writer open: discards what an interrupted chunked append left behind.
    Status recover_staging();
    // Verify helpers (rocks_verify.cpp).
    void verify_chain(VerifyReport& report, const rocksdb::ReadOptions& ro,
                      ChainFacts& facts) const;
    bool verify_indexes(VerifyReport& report, uint64_t expected_digest,
                        const std::unordered_map<uint32_t, uint64_t>& per_patient,
                        uint64_t staged_after, const rocksdb::ReadOptions& ro) const;

    std::string path_;
    OpenOptions options_;
    RocksHandles rocks_;
    std::string secondary_path_;
    rocksdb::Options log_table_options_;   // for table files of staged log entries
    rocksdb::Options page_table_options_;  // for table files of staged new patients' pages

    std::mutex append_mu_;
    std::atomic<uint64_t> last_seq_{0};
    // Set when a commit failed (e.g. disk full): the closing flush is then skipped, because
    // RocksDB aborts when asked to flush after a failed write.
    std::atomic<bool> write_failed_{false};
    std::atomic<uint64_t> last_tx_{0};
    codec::Hash head_{};
    uint32_t next_patient_ = 1;
    std::unordered_map<std::string, uint32_t> patient_ids_;  // writer only

    // Immutable facts cached across reads (a compact id's name, a transaction's metadata).
    mutable std::mutex cache_mu_;
    mutable std::unordered_map<uint32_t, std::string> names_;
    mutable std::unordered_map<uint64_t, std::shared_ptr<const codec::TxRecord>> txs_;
};

}  // namespace dayzero::store
