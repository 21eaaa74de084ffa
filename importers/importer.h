#pragma once
// Importer: validates whole files with a decoder, then appends each file as one transaction,
// exactly once per file content. Strict by default: any bad row and nothing of the file is
// written; lenient: good rows are written and bad ones go to `<input>.rejects.csv`.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "importers/file_committer.h"
#include "importers/file_digest.h"
#include "importers/import_problem.h"
#include "importers/row_decoder.h"
#include "importers/stored_codes.h"
#include "importers/stored_content.h"
#include "store/event_store.h"

namespace dayzero::importers {

struct ImportOptions {
    bool lenient = false;  // write good rows, reject bad ones to <input>.rejects.csv
    bool force = false;    // import even if this content (file or rows) was imported before
    // A row that gives a stored observation another value becomes an amendment of it (with
    // `reason`) instead of an error; `amend` builds it.
    bool corrections = false;
    // Builds the amendment of stored event `seq` to what `event` says (db/corrections.h rules);
    // the writer sets it. Without it --corrections is refused.
    std::function<store::Result<store::Event>(uint64_t seq, const store::Event& event)> amend;
    bool allow_any_day = false;      // accept days outside −30..3650
    std::string reason;              // recorded on the transaction
    std::string author;              // recorded-by; empty = operating-system user
    size_t max_problems = 50;        // problems kept (and shown) per file; all are counted
    bool keep_all_problems = false;  // keep every problem (for --problems FILE), show max_problems
    // Events handed to the store per chunk (bounds memory). A chunk passes three threads in turn
    // (decoding, the store's encoding, the import's derivation) and a few are in flight: at this
    // size they stay in the processor's cache between them, which a busy neighbour on the shared
    // cache shrinks; at half this size the hand-overs cost more than the cache saves.
    size_t chunk_events = 4096;
    bool progress = false;  // progress bar on stderr for files over 4 MB (caller checks TTY)
    std::optional<int64_t> recorded_at_us;  // tests: fixed clock
};

enum class FileOutcome {
    kImported,         // a transaction was written
    kNothingToImport,  // valid, but no row produced an event (nothing written)
    kAlreadyImported,  // same content imported before: no-op
    kRejected,         // validation failed: nothing written
    kFailed,           // the file could not be read or the store refused the write
};

// A term of the file that the mapping does not list, with how many rows carry it.
struct UnmappedTerm {
    std::string variable;  // AEDECOD, RSSTRESC, ... (its first two letters name the domain)
    std::string term;      // as first written
    uint64_t rows = 0;
    std::string file;  // where it first occurs
    uint64_t line = 0;
};

struct FileReport {
    std::string path;
    std::string source;  // "sha256:<hex>"
    FileOutcome outcome = FileOutcome::kFailed;
    uint64_t rows_read = 0;
    uint64_t rows_rejected = 0;         // rows with errors
    uint64_t rows_skipped = 0;          // rows deliberately skipped (NOT DONE, ...)
    uint64_t rows_skipped_mapping = 0;  // of rows_skipped: the mapping says skip
    uint64_t events_appended = 0;
    uint64_t rows_already_stored = 0;    // rows whose every event the store already holds
    uint64_t events_already_stored = 0;  // events not written again for that reason
    uint64_t events_amended = 0;         // --corrections: changed values recorded as amendments
    uint64_t warning_count = 0;
    uint64_t error_count = 0;
    std::vector<ImportProblem> errors;                  // the first max_problems errors
    std::vector<ImportProblem> warnings;                // the first max_problems warnings
    std::vector<UnmappedTerm> unmapped;                 // each distinct unmapped term once
    std::map<std::string, size_t> unmapped_index;       // variable and folded term -> unmapped
    std::optional<store::TransactionInfo> transaction;  // written or (already imported) earlier
    std::string rejects_path;  // lenient: where rejected rows went ("" if none)
    std::string message;       // kFailed / kRejected: why, in one line
    double elapsed_seconds = 0;
};

// Rows of the report that were imported (each row has exactly one outcome: imported, already in
// the store, skipped by the mapping, skipped by a data rule, or rejected).
uint64_t rows_imported(const FileReport& report);

// One file and how to decode it.
struct ImportJob {
    std::string path;
    DecoderFactory make;
    // Its rows never need a value from the store or from a later row to decode (no per-body-size
    // dose): as the first file of a strict study it is imported in one pass (Importer::import_all).
    bool decodes_alone = false;
    // What the file was on disk when the import first read any of it (an SDTM study reads every
    // file's header at load); nullopt: taken when the importer begins the file.
    std::optional<FileStamp> stamp{};
};

class Importer {
  public:
    // Reads what `store` holds; writes each file through `commit`.
    Importer(const store::EventStore& store, FileCommitter& commit, ImportOptions options);

    // Validates and writes one file (see the class comment).
    FileReport import(const ImportJob& job);

    // Imports several files, each its own transaction. With `all_or_nothing` (an SDTM study in
    // strict mode) nothing is written unless every file validates. There, a first file that
    // decodes alone is decoded once: streamed into its transaction, which commits only after
    // every other file validated; the others are validated, then decoded again and written.
    std::vector<FileReport> import_all(const std::vector<ImportJob>& jobs, bool all_or_nothing);

  private:
    struct Prepared;
    // Digest and the already-imported check; `proceed` says whether the file must be decoded.
    Prepared begin(const ImportJob& job);
    // The already-imported check on a computed digest: true when the file is to be imported
    // (report.source set), false with the report's outcome and message otherwise.
    bool admit(store::Result<std::string> digest, FileReport& report);
    // Pass 1 of two: decodes and counts everything; sets `writable`. `progress` false: never a
    // progress bar (the file is validated beside another one's). `keep_rows`: a strict file that
    // decodes alone keeps its decoded rows in a temporary file for write() (row_spill.h).
    void validate(const ImportJob& job, Prepared& prepared, bool progress = true,
                  bool keep_rows = false);
    // One validating pass; with `known_body_size`, every dose is converted with them.
    void validate_pass(const ImportJob& job, Prepared& prepared, bool progress, bool keep_rows,
                       const BodySizeFacts* known_body_size);
    // Pass 2 of two: replays the rows validation kept, or decodes the file again, and streams
    // the events to the store.
    void write(const ImportJob& job, Prepared& prepared);
    // One streaming pass over `job` into `prepared` (StreamingImport), its digest computed
    // meanwhile; `check` (may be empty) is asked before the file commits, as
    // StreamingImport::BeforeCommit. False when the file needs two passes: nothing was written.
    bool stream(const ImportJob& job, Prepared& prepared,
                std::function<bool(std::string& why)> check = {});
    // One file on its own: a single streaming pass, or two passes when it needs them.
    Prepared import_one(const ImportJob& job);
    // import_all with all_or_nothing, when the first file decodes alone: streams it into its
    // transaction and validates the other files before it commits, those that decode alone on a
    // thread of their own while it streams. False when it needs two passes after all: then
    // nothing was written, and what was validated is to be validated again.
    bool stream_first(const std::vector<ImportJob>& jobs, std::vector<Prepared>& prepared,
                      bool& any_failed);
    // import_all with all_or_nothing: validates the files `which` of `jobs` (each of them must be
    // new or already imported for `any_failed` to stay false) into `prepared`.
    void validate_files(const std::vector<ImportJob>& jobs, const std::vector<size_t>& which,
                        std::vector<Prepared>& prepared, bool& any_failed, bool progress = true);
    // validate_files, the files shared between this thread and another by size, so that neither
    // core waits while the other validates alone.
    void validate_files_on_two_threads(const std::vector<ImportJob>& jobs,
                                       const std::vector<size_t>& which,
                                       std::vector<Prepared>& prepared, bool& any_failed);
    // import_all with all_or_nothing: writes the validated files from `from` on, or, when
    // `any_failed`, rejects them; a file that fails as it is written rejects the ones after it.
    void write_rest(const std::vector<ImportJob>& jobs, size_t from,
                    std::vector<Prepared>& prepared, bool any_failed);
    bool show_progress(uint64_t total_bytes) const;
    // True when this import's files are screened against what the store holds (StoredContent):
    // not with --force, nor while the store holds none of its patients.
    bool screens_stored_content() const;
    // When write()'s pass finds a row giving a stored observation another value that validate()
    // did not find, and a file this import wrote since holds it: which row, which file and line,
    // and both values. "" when no change is of that kind (then the file itself changed).
    std::string changed_message(const std::vector<StoredChange>& changes) const;
    std::optional<double> stored_attribute(const std::string& patient,
                                           const std::string& attribute);

    const store::EventStore& store_;
    FileCommitter& commit_;
    ImportOptions options_;
    // The kinds and codes of each stored patient, kept across the files of one import_all.
    std::unique_ptr<StoredCodes> codes_;
    // The files import_all committed so far: source ("sha256:…") -> path.
    std::map<std::string, std::string> written_paths_;
    DecodeOptions decode_options_;
    // Validation may ask from two threads at once (validate_files_on_two_threads).
    std::mutex attribute_mu_;
    std::map<std::pair<std::string, std::string>, std::optional<double>> attribute_cache_;
};

// The one-line name of an outcome ("imported", "already imported", ...).
const char* outcome_name(FileOutcome outcome);

}  // namespace dayzero::importers
