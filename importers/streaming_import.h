#pragma once
// StreamingImport: imports one file in a single pass. Rows are decoded once and handed to
// EventStore::append_chunked chunk by chunk while the rest of the file is still being validated;
// the first bad row (strict mode), or an unreadable end of file, aborts the chunked append so
// that nothing becomes visible, and the rest of the file is then only counted for the report.
// A file whose per-body-size doses need a weight from a later row or from the store cannot be
// decoded in one pass: then run() says kNeedsTwoPasses before anything was written.
// Decoding runs on a second thread from the first row on, and the store stages the first chunks
// while the caller still computes the file's digest (file_verdict.h); at most a few chunks are in
// flight.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "importers/file_digest.h"
#include "importers/file_verdict.h"
#include "importers/importer.h"
#include "importers/rejects_writer.h"
#include "importers/row_decoder.h"
#include "importers/stored_content.h"
#include "store/event_store.h"

namespace dayzero::importers {

class StreamingImport {
  public:
    enum class Outcome { kDone, kNeedsTwoPasses };

    // The caller's verdict on the file once its digest is known (file_verdict.h).
    using Admit = Admission;
    // Asked once, after the file's last row was decoded and found good and before its transaction
    // commits: false (with `why`) calls the append off, and the file is kRejected with `why`.
    using BeforeCommit = std::function<bool(std::string& why)>;

    // `stamp`: the file before anything of it was read (its digest included); the file must still
    // be so once its last row was read, or it fails, unwritten (file_digest.h). `report` already
    // holds the file's path; run() fills in the rest. `codes` (may be null): the import's
    // StoredCodes, told what the file writes.
    StreamingImport(const store::EventStore& store, FileCommitter& commit,
                    const ImportOptions& options, const DecodeOptions& decode, const ImportJob& job,
                    std::optional<FileStamp> stamp, FileReport& report,
                    StoredCodes* codes = nullptr);

    // Validates and writes the file (see the file comment), asking `admit` for its verdict exactly
    // once, before anything is written to the store and before the outcome is settled in any
    // other way. With kNeedsTwoPasses the report's counters are partial and nothing was written:
    // the caller starts over with two passes.
    Outcome run(const Admit& admit);

    // Sets what run() asks before the file commits (see BeforeCommit); it runs on the caller's
    // thread while the transaction is open, after the decoding thread is done with the file.
    void before_commit(BeforeCommit check) { before_commit_ = std::move(check); }

  private:
    // Why filling a chunk stopped: it is full; the file ended (kUnreadable: and its end could
    // not be read); a bad row in strict mode; a deferred dose; an exception (out of memory); the
    // import was called off (refused, or failed in the store) while the chunk was being filled.
    enum class Stop { kChunkFull, kEnd, kUnreadable, kRowError, kDeferred, kFailed, kCalledOff };

    // run() before the StoredCodes learn the outcome.
    Outcome decode_and_write(const Admit& admit);
    // Decodes rows into `chunk` until it holds a chunk's worth of events or something stops it,
    // and stages the new events' codes.
    Stop fill(std::vector<store::Event>& chunk);
    // fill() without the staging.
    Stop fill_rows(std::vector<store::Event>& chunk);
    // Strict failure: counts the rest of the file as the validation pass does, and rejects it.
    Outcome reject_rest();
    // Decodes on a second thread, asks `admit` (when given) meanwhile, then writes every chunk
    // as one transaction.
    Outcome stream(const Admit& admit);
    // Asks `admit` and waits for its answer; true to go on (the report gets the source), else
    // the report becomes its verdict. Only while no decoding thread runs.
    bool admitted(const Admit& admit);
    // After decoding stopped on something other than a full chunk or the end.
    Outcome called_off(Stop stop, const std::string& failure);
    // The rejects file of a file that was decoded to its end: kept, named or removed.
    Outcome close_rejects();

    const store::EventStore& store_;
    FileCommitter& commit_;
    const ImportOptions& options_;
    DecodeOptions decode_;
    const ImportJob& job_;
    const std::optional<FileStamp> stamp_;
    FileReport& report_;
    std::unique_ptr<RowDecoder> decoder_;
    std::unique_ptr<RejectsWriter> rejects_;
    StoredCodes* codes_;                      // staged on the decoding thread
    std::unique_ptr<StoredContent> content_;  // rows the store already holds
    DecodedRow row_;
    size_t chunk_limit_ = 1;
    uint64_t rejected_written_ = 0;
    bool rejects_failed_ = false;
    BeforeCommit before_commit_;
    // Set when the decoding thread is to stop: a chunk can take the whole file to fill (rows
    // already in the store add nothing to it), so filling looks at it at every row.
    std::atomic<bool> call_off_{false};
};

}  // namespace dayzero::importers
