#pragma once
// RocksEventStore: the EventStore on RocksDB column families (format in store/codec.cpp). A thin
// owner: it opens the database and wires the components that do the work —
//   LogReader / log_writer.h / LogCursor   the log (entries and segments)
//   Directory                               patient names and transaction records
//   TimelinePages                           one page of log records per patient
//   Appender / Staging                      the only writer: validation, batches, staged chunks
//   Projections                             side tables of read models
// — and answers reads through them.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>

#include "store/appender.h"
#include "store/codec.h"
#include "store/consistent_catch_up.h"
#include "store/directory.h"
#include "store/event_store.h"
#include "store/log_reader.h"
#include "store/projections.h"
#include "store/rocks_handles.h"
#include "store/staging.h"
#include "store/store_meta.h"
#include "store/table_pins.h"
#include "store/timeline_pages.h"
#include "store/writer_lock.h"

namespace dayzero::store {

struct ChainFacts;  // store/verify_checks.h

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
    Status for_each_patient(const PatientVisitor& visit, const AsOf& as_of,
                            Provenance provenance) const override;
    Status for_each_patient_worked(const PatientWork& work, const WorkedPatientVisitor& visit,
                                   const AsOf& as_of, Provenance provenance) const override;
    Status scan_log(uint64_t from_seq, uint64_t to_seq, const EventVisitor& visit) const override;
    Result<Event> event(uint64_t seq) const override;
    Result<std::vector<Event>> corrections_of(uint64_t seq) const override;
    Result<TransactionInfo> transaction(uint64_t tx) const override;
    std::optional<TransactionInfo> find_import(const std::string& source) const override;
    Result<std::vector<std::string>> patients() const override;
    uint64_t last_seq() const override { return published_.last_seq.load(); }
    uint64_t last_tx() const override { return published_.last_tx.load(); }
    Result<StoreStats> stats() const override;
    VerifyReport verify() const override;
    bool read_only() const override { return options_.read_only; }
    const std::string& path() const override { return path_; }
    Status refresh() override;
    Status write_projection(std::string_view name,
                            const std::vector<std::pair<std::string, std::string>>& entries,
                            uint64_t valid_at_seq, bool replace_all) override;
    Status replace_projection(std::string_view name, const ProjectionSource& next,
                              uint64_t valid_at_seq) override;
    std::optional<uint64_t> projection_seq(std::string_view name) const override;
    Status scan_projection(std::string_view name, const ProjectionVisitor& visit) const override;

  private:
    RocksEventStore(std::string path, OpenOptions options);

    // Opens RocksDB (creating the families when `creating`), loads the counters and wires the
    // components.
    Status open_db(bool creating);
    // A reader's options for opening table files when first read, through table_pins_.
    void open_tables_on_demand(rocksdb::DBOptions& dbo);
    // Reads the counters from the meta family and publishes them.
    Result<Counters> load_meta();
    // Ok when this writer may append: open for writing, and the log's end checked once.
    Status check_before_first_write();

    // For verify (rocks_verify.cpp).
    LogCursor log_cursor(const rocksdb::ReadOptions& ro) const { return log_.cursor(ro); }
    Result<std::string> patient_name(uint32_t compact_id, const rocksdb::ReadOptions& ro) const {
        return directory_.patient_name(compact_id, ro);
    }
    Result<std::shared_ptr<const codec::TxRecord>> read_tx(uint64_t tx,
                                                           const rocksdb::ReadOptions& ro) const {
        return directory_.read_tx(tx, ro);
    }
    void verify_chain(VerifyReport& report, const rocksdb::ReadOptions& ro,
                      ChainFacts& facts) const;
    bool verify_indexes(VerifyReport& report, uint64_t expected_digest,
                        const std::unordered_map<uint32_t, uint64_t>& per_patient,
                        uint64_t staged_after, const rocksdb::ReadOptions& ro) const;

    std::string path_;
    OpenOptions options_;
    // A writer's mark in this process (writer_lock.h): outlives the database, which the
    // destructor's body closes.
    std::optional<WriterInProcess> writer_in_process_;
    // A reader's file system (table_pins.h) and its environment: they outlive the database.
    std::shared_ptr<TablePins> table_pins_;
    std::unique_ptr<rocksdb::Env> table_pins_env_;
    RocksHandles rocks_;  // declared before the components: every one refers to it
    std::string secondary_path_;
    SecondaryOpener open_secondary_;  // readers only: opens a fresh view (refresh)
    ManifestMark view_mark_;          // readers only: the store's mark when the view was opened
    Published published_;
    LogReader log_{rocks_};
    Directory directory_{rocks_, log_};
    TimelinePages pages_{rocks_, directory_};
    std::optional<Staging> staging_;    // writers only
    std::optional<Appender> appender_;  // writers only
    // The counters the log's end is checked against before the first append (writer_check.h),
    // and that check's outcome once made.
    std::optional<Counters> log_end_to_check_;
    Status log_end_refusal_ = Status::ok();
    std::optional<Projections> projections_;  // set at open
};

}  // namespace dayzero::store
