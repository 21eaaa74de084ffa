#pragma once
// EventStore: the append-only, tamper-evident event log on RocksDB, with its indexes.
// This header is the contract other layers code against; see docs/STORAGE.md for the format.

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/event.h"
#include "store/status.h"

namespace dayzero::store {

struct OpenOptions {
    bool read_only = false;         // open without any ability to write
    bool create_if_missing = true;  // create a new store when the folder does not exist
    bool sync_writes = true;        // fsync the WAL at every commit
    // Readers: open every table file at open, each checked against the MANIFEST (verify), rather
    // than each when first read.
    bool open_all_tables = false;
    // Writers: a chunked append's chunks are ingested in groups of about this many events, each
    // group one table file of log entries (and one of new patients' pages); tests make it small
    // to exercise several groups.
    uint64_t staged_table_events = uint64_t{1} << 22;
    // Writers: a group's new entries for patients stored before it are ingested as a table file
    // of merge operands once they hold this many bytes; fewer go through the WAL and memtable.
    // Every such table that spans many patients is one more place each timeline read looks (a
    // study's small domains, each spanning all of its patients, slowed the refresh after it as
    // tables); tests make it 0 to exercise the tables.
    uint64_t staged_operand_table_bytes = uint64_t{8} << 20;
    // Tests: instead of the system clock, the first transaction that sets no instant is recorded
    // at this one and each later one 1 s after the one before (the same output on every run).
    std::optional<int64_t> fixed_clock_us = std::nullopt;
    // Tests: record this operating-system account instead of the process's (the same output for
    // every user who runs them).
    std::optional<std::string> fixed_os_account = std::nullopt;
};

// A point in history for as-of reads: everything recorded up to and including it is visible.
struct AsOf {
    std::optional<uint64_t> seq;            // last visible sequence number
    std::optional<int64_t> recorded_at_us;  // last visible recorded-at instant (inclusive)
    // True when neither bound is set (the present).
    bool is_now() const { return !seq && !recorded_at_us; }
};

// A batch of events to append atomically, with the transaction's metadata.
struct TransactionRequest {
    std::vector<Event> events;
    std::string author;                         // recorded-by; empty = operating-system user
    std::string reason;                         // why (mandatory for corrections)
    std::string source;                         // "sha256:<hex>" of the source file, or "shell"
    std::optional<uint64_t> expected_last_seq;  // optimistic concurrency: fail unless log ends here
    std::optional<int64_t> recorded_at_us;      // override the clock (tests, replay)
    // The operating-system account recorded beside the author: unset = the account running this
    // process (getpwuid(geteuid())); set = as recorded elsewhere (replay; "" for transactions
    // written before accounts were recorded).
    std::optional<std::string> os_account;
    // For a transaction whose source is not yet known when its events start to arrive (an
    // import's SHA-256, computed beside its first chunks): called once, on the appending thread,
    // before the transaction's first write, to set `source`. A failure ends the append with
    // nothing written and is returned as it is.
    std::function<Status(std::string& source)> settle_source;
};

// What the store knows about a committed transaction.
struct TransactionInfo {
    uint64_t tx = 0;
    uint64_t first_seq = 0;
    uint64_t last_seq = 0;
    int64_t recorded_at_us = 0;
    std::string author;
    std::string reason;
    std::string source;
    std::string hash_hex;  // SHA-256 over the previous hash and this transaction's events
    std::string prev_hash_hex;
    std::string os_account;  // the operating-system account that appended it ("" before recorded)
};

struct StoreStats {
    uint64_t patients = 0;
    uint64_t events = 0;
    uint64_t transactions = 0;
    int64_t first_recorded_at_us = 0;
    int64_t last_recorded_at_us = 0;
    uint64_t size_on_disk_bytes = 0;
};

// Whether the events of a timeline read carry who recorded them and from which source. A
// derivation never reads either, and filling both for every event of every patient is a large
// part of a pass over a whole store, so the passes that only derive leave them out.
enum class Provenance {
    kIncluded,  // recorded_by and source filled
    kOmitted,   // recorded_by and source empty
};

// Options for reading one patient's timeline.
struct TimelineQuery {
    std::optional<int32_t> day_from;  // inclusive
    std::optional<int32_t> day_to;    // inclusive
    AsOf as_of;
    bool apply_corrections = true;  // true: current view; false: every raw event incl. corrections
    Provenance provenance = Provenance::kIncluded;
};

// Outcome of verify(): ok, or the first bad transaction and what is wrong.
struct VerifyReport {
    bool ok = true;
    uint64_t transactions_checked = 0;
    uint64_t events_checked = 0;
    uint64_t first_bad_tx = 0;
    std::string problem;
    std::string head_hash_hex;       // hash of the last transaction checked (64 zeros if none)
    std::vector<std::string> notes;  // facts an auditor must know that are not damage
    // Verification could not run to its end for want of a resource (open files), which says
    // nothing about the store: `problem` says what ran out. Never set with a damage finding.
    bool incomplete = false;
};

// Called for each event; return false to stop early.
using EventVisitor = std::function<bool(const Event&)>;
// Called once per patient with that patient's timeline (current view); return false to stop.
using PatientVisitor =
    std::function<bool(const std::string& patient_id, std::vector<Event>& events)>;
// Work on one patient's timeline that for_each_patient_worked runs on its reading threads, so a
// derivation uses the cores beside the reading instead of after it; what it returns reaches the
// visitor with the patient. It is called from several threads at once.
using PatientWork =
    std::function<std::any(const std::string& patient_id, std::vector<Event>& events)>;
// Like PatientVisitor, with what PatientWork returned for the patient.
using WorkedPatientVisitor = std::function<bool(const std::string& patient_id,
                                                std::vector<Event>& events, std::any& worked)>;
// Called for each entry of a projection in key order; return false to stop early.
using ProjectionVisitor = std::function<bool(std::string_view key, std::string_view bytes)>;
// Gives the next entry of a projection being replaced in `key` and `bytes` (true), or ends them
// (false); `failed` set to an error stops the replacement.
using ProjectionSource = std::function<bool(std::string& key, std::string& bytes, Status& failed)>;
// Fills `chunk` (empty on entry) with the next events of a large append; leaving it empty ends
// the stream, an error status aborts the whole append (nothing becomes visible).
using EventChunkSource = std::function<Status(std::vector<Event>& chunk)>;
// Receives each chunk of a chunked append back once it is validated and encoded (its write may
// still be under way), its events carrying the sequence numbers, transaction and instant the store
// assigned (recorded_by empty; an empty source means the transaction's). It runs on the appending
// thread. It may keep the events, leaving an empty buffer in their place: the store hands that
// buffer to the source to fill again. Handed back is not committed: when the append fails,
// nothing returned ever became visible.
using WrittenChunkSink = std::function<void(std::vector<Event>& written)>;

class EventStore {
  public:
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;
    virtual ~EventStore() = default;

    // Opens (or creates) the store in folder `path`. Fails without creating anything when the
    // folder exists but is not a dayzero store, or was written by a newer format version.
    static Result<std::unique_ptr<EventStore>> open(const std::string& path,
                                                    const OpenOptions& options = {});

    // Appends the request's events as one atomic transaction. Validates every event first
    // (non-empty patient, known kind, finite value, day in range, minute < 1440, corrections
    // name an existing, not-retracted event and carry a reason); on any error nothing is written.
    virtual Result<TransactionInfo> append(TransactionRequest request) = 0;

    // Appends every event pulled from `next` as ONE transaction with `header`'s metadata
    // (header.events must be empty): all or nothing for readers, like append(). Importers use it
    // for files of millions of rows. `written` (optional) gets each chunk back once written. This
    // default gathers all chunks and calls append(), and returns nothing to `written`; a store may
    // override it to stage chunks and publish them atomically with bounded memory.
    virtual Result<TransactionInfo> append_chunked(TransactionRequest header,
                                                   const EventChunkSource& next,
                                                   const WrittenChunkSink& written = {}) {
        std::vector<Event> chunk;
        while (true) {
            chunk.clear();
            Status status = next(chunk);
            if (!status.is_ok()) return status;
            if (chunk.empty()) break;
            for (auto& event : chunk)
                header.events.push_back(std::move(event));
        }
        (void)written;
        if (header.settle_source) {
            if (auto s = header.settle_source(header.source); !s) return s;
            header.settle_source = nullptr;
        }
        return append(std::move(header));
    }

    // One patient's events in timeline order (day, untimed before timed, minute, seq).
    virtual Result<std::vector<Event>> timeline(const std::string& patient_id,
                                                const TimelineQuery& query = {}) const = 0;

    // Streams every patient (in patient-id order) with their current-view timeline as of `as_of`.
    // Memory is bounded by one patient's timeline.
    virtual Status for_each_patient(const PatientVisitor& visit, const AsOf& as_of = {},
                                    Provenance provenance = Provenance::kIncluded) const = 0;
    // for_each_patient, with `work` (when given) done on each patient before `visit` sees it (in
    // id order); a store that reads on several threads runs `work` on them. This one runs it in
    // line.
    virtual Status for_each_patient_worked(const PatientWork& work,
                                           const WorkedPatientVisitor& visit,
                                           const AsOf& as_of = {},
                                           Provenance provenance = Provenance::kIncluded) const {
        return for_each_patient(
            [&](const std::string& id, std::vector<Event>& events) {
                std::any worked = work ? work(id, events) : std::any();
                return visit(id, events, worked);
            },
            as_of, provenance);
    }

    // Streams the raw log in sequence order from `from_seq` to `to_seq` (inclusive).
    virtual Status scan_log(uint64_t from_seq, uint64_t to_seq,
                            const EventVisitor& visit) const = 0;

    // The event with sequence number `seq`, exactly as recorded.
    virtual Result<Event> event(uint64_t seq) const = 0;

    // Every event that corrects `seq` (amendments, retractions), in sequence order.
    virtual Result<std::vector<Event>> corrections_of(uint64_t seq) const = 0;

    // Transaction metadata by number.
    virtual Result<TransactionInfo> transaction(uint64_t tx) const = 0;

    // The transaction that imported a file with this digest ("sha256:<hex>"), if any.
    virtual std::optional<TransactionInfo> find_import(const std::string& source) const = 0;

    // Known patient ids in order.
    virtual Result<std::vector<std::string>> patients() const = 0;

    // The last assigned sequence number (0 for an empty store).
    virtual uint64_t last_seq() const = 0;

    // The last committed transaction number (0 for an empty store).
    virtual uint64_t last_tx() const = 0;

    // Counts for the shell banner and `.schema`.
    virtual Result<StoreStats> stats() const = 0;

    // Recomputes the hash chain and compares everything beside it with the log: indexes,
    // corrections, patient map, import records, counters, and the folder's files (read whole).
    virtual VerifyReport verify() const = 0;

    // True when opened read-only.
    virtual bool read_only() const = 0;

    // The folder this store lives in.
    virtual const std::string& path() const = 0;

    // --- Projections: derived read models kept beside the log (event-sourcing projections).
    // A projection is a named set of opaque entries (key -> bytes) stamped with the last
    // sequence number it reflects. It is not part of the hash chain and never authoritative:
    // a reader must treat a projection whose stamp differs from last_seq() as stale, and
    // verify() does not look at it. Only the writer can write one.

    // Writes `entries` into projection `name` and stamps it `valid_at_seq`; a reader sees the
    // stamp only with the new entries (one atomic batch, or, for a large sorted replacement,
    // table files ingested first and the stamp after). With `replace_all` every other entry of
    // the projection is dropped with them. An entry with empty bytes deletes that key.
    virtual Status write_projection(std::string_view name,
                                    const std::vector<std::pair<std::string, std::string>>& entries,
                                    uint64_t valid_at_seq, bool replace_all) {
        (void)name, (void)entries, (void)valid_at_seq, (void)replace_all;
        return Status::read_only("this store keeps no projections");
    }
    // Replaces projection `name` with the entries `next` gives (keys strictly increasing, bytes
    // never empty), stamped `valid_at_seq`, as write_projection with replace_all; a store may
    // write them as they come, so the caller need not hold them all. Two projections of
    // different names may be replaced at once, from two threads (the refresh after an import).
    virtual Status replace_projection(std::string_view name, const ProjectionSource& next,
                                      uint64_t valid_at_seq) {
        std::vector<std::pair<std::string, std::string>> entries;
        Status failed = Status::ok();
        for (std::pair<std::string, std::string> e; next(e.first, e.second, failed);)
            entries.push_back(std::move(e));
        if (!failed) return failed;
        return write_projection(name, entries, valid_at_seq, true);
    }
    // The sequence number projection `name` reflects; nullopt when it was never written.
    virtual std::optional<uint64_t> projection_seq(std::string_view name) const {
        (void)name;
        return std::nullopt;
    }
    // Streams projection `name`'s entries in key order (nothing when it does not exist).
    virtual Status scan_projection(std::string_view name, const ProjectionVisitor& visit) const {
        (void)name, (void)visit;
        return Status::ok();
    }

    // Read-only stores: catch up with what the writer has committed since open (or the last
    // refresh); the store is then seen as of one committed transaction, like at open. On failure
    // the store may be part-way and must be reopened. A no-op for the writer.
    virtual Status refresh() { return Status::ok(); }

  protected:
    EventStore() = default;
};

}  // namespace dayzero::store
