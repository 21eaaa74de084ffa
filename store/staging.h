#pragma once
// Staging: how a transaction too large for one batch reaches the store. Its chunks are written
// beyond the committed end of the log (where no reader looks) before the commit batch publishes
// them all; a failed or killed append's chunks are removed again. Private to store/.
//
// Order matters for crash recovery, which finds the patients to clean up through staged log
// entries: (1) the staging marker (meta `staging`) is durable before anything is staged, (2) a
// chunk's log entries are ingested before (3) its page operands and correction entries are
// written, so a staged page entry never exists without its log entry; and chunk n + 1 is
// written only after chunk n (the Appender waits for one before handing over the next).

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "store/event.h"
#include "store/log_reader.h"
#include "store/log_writer.h"
#include "store/rocks_handles.h"
#include "store/status.h"
#include "store/timeline_pages.h"

namespace dayzero::store {

// Chunks of a chunked append in flight at once: one being encoded, one whose table is being
// built, one being ingested and written.
inline constexpr size_t kStagedChunks = 3;

// One chunk of a chunked append: validated and encoded by the appending thread, its tables built
// and then written by a task of its own. A few take turns, reused from chunk to chunk: a fresh
// multi-megabyte buffer per chunk costs page faults (and unmapping).
struct StagedChunk {
    EncodedRecords encoded;
    rocksdb::WriteBatch batch;  // page operands and correction entries
    uint64_t first_seq = 0;
    std::string table_file;  // its log entries as a table file, until ingested
    // The pages of the patients first seen in this chunk, whole: written as a table of their own
    // and ingested with the log table, instead of merged through the WAL and memtable. Nothing
    // else holds page data for them, and their numbers are above every page written before, so
    // the table overlaps nothing and a Put of the page is what merging the one operand onto
    // nothing would give.
    NewPages pages;
    std::string page_table_file;  // "" when no patient is new in the chunk

    // Removes the table files, if still there (ingestion moves them into the store).
    void remove_files() const {
        if (!table_file.empty()) std::remove(table_file.c_str());
        if (!page_table_file.empty()) std::remove(page_table_file.c_str());
    }
};

class Staging {
  public:
    Staging(RocksHandles& rocks, const LogReader& log, const TimelinePages& pages, std::string path,
            rocksdb::Options log_table_options, rocksdb::Options page_table_options)
        : rocks_(rocks),
          log_(log),
          pages_(pages),
          path_(std::move(path)),
          log_table_options_(std::move(log_table_options)),
          page_table_options_(std::move(page_table_options)) {}

    // Makes the staging marker (transaction `tx` stages from `first_seq` on) durable.
    Status mark(uint64_t tx, uint64_t first_seq);
    // Writes the chunk's log entries (and its new patients' pages) of transaction `tx` as table
    // files. Touches only `chunk`, so it runs beside the appending thread and beside the
    // previous chunk's write; a failed build leaves no file.
    Status build_tables(uint64_t tx, StagedChunk& chunk) const;
    // Ingests the chunk's tables, then writes its batch (synced); its table files are gone
    // afterwards, whatever happened.
    Status write(uint64_t tx, StagedChunk& chunk);
    // Removes every staged entry from `from_seq` on (log, pages, corrections) and the marker,
    // and gives back the space of the table files they were staged in; `first_new_patient` is
    // the committed counters' next patient number (every page from it on is staged).
    Status discard(uint64_t from_seq, uint32_t first_new_patient);
    // At writer open: removes staged table files left behind and, when the marker is set,
    // every entry beyond `committed_seq` (`next_patient`: the committed counter).
    Status recover(uint64_t committed_seq, uint32_t next_patient);

  private:
    // Deletes the table files that hold nothing but staged entries (discard's second half).
    Status release_files(uint64_t from_seq, uint32_t first_new_patient);

    RocksHandles& rocks_;
    const LogReader& log_;
    const TimelinePages& pages_;
    std::string path_;
    rocksdb::Options log_table_options_;   // for table files of staged log entries
    rocksdb::Options page_table_options_;  // for table files of staged new patients' pages
};

}  // namespace dayzero::store
