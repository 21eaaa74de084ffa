#pragma once
// StreamingImport: imports one file in a single pass. Rows are decoded once and handed to
// EventStore::append_chunked chunk by chunk while the rest of the file is still being validated;
// the first bad row (strict mode), or an unreadable end of file, aborts the chunked append so
// that nothing becomes visible, and the rest of the file is then only counted for the report.
// A file whose per-body-size doses need a weight from a later row or from the store cannot be
// decoded in one pass: then run() says kNeedsTwoPasses before anything was written.
// Decoding runs on a second thread while the store appends, at most a few chunks in flight.

#include <cstdint>
#include <memory>
#include <vector>

#include "importers/importer.h"
#include "importers/rejects_writer.h"
#include "importers/row_decoder.h"
#include "store/event_store.h"

namespace dayzero::importers {

class StreamingImport {
  public:
    enum class Outcome { kDone, kNeedsTwoPasses };

    // `report` already holds the file's path and source; run() fills in the rest.
    StreamingImport(store::EventStore& store, const ImportOptions& options,
                    const DecodeOptions& decode, const ImportJob& job, FileReport& report);

    // Validates and writes the file (see the file comment). With kNeedsTwoPasses the report's
    // counters are partial and nothing was written: the caller starts over with two passes.
    Outcome run();

  private:
    // Why filling a chunk stopped: it is full; the file ended (kUnreadable: and its end could
    // not be read); a bad row in strict mode; a deferred dose; an exception (out of memory).
    enum class Stop { kChunkFull, kEnd, kUnreadable, kRowError, kDeferred, kFailed };

    // Decodes rows into `chunk` until it holds a chunk's worth of events or something stops it.
    Stop fill(std::vector<store::Event>& chunk);
    // Strict failure: counts the rest of the file as the validation pass does, and rejects it.
    Outcome reject_rest();
    // Writes `first` and every following chunk (none when `ended`) as one transaction.
    Outcome write(std::vector<store::Event>& first, bool ended);

    store::EventStore& store_;
    const ImportOptions& options_;
    DecodeOptions decode_;
    const ImportJob& job_;
    FileReport& report_;
    std::unique_ptr<RowDecoder> decoder_;
    std::unique_ptr<RejectsWriter> rejects_;
    DecodedRow row_;
    size_t chunk_limit_ = 1;
    uint64_t rejected_written_ = 0;
    bool rejects_failed_ = false;
};

}  // namespace dayzero::importers
