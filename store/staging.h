#pragma once
// Staging: how a transaction too large for one batch reaches the store. Its chunks are written
// beyond the committed end of the log (where no reader looks) before the commit batch publishes
// them all; a failed or killed append's chunks are removed again. Private to store/.
//
// Consecutive chunks are gathered into one group: their log entries go into one table file,
// their new patients' pages into another and their entries for patients stored before the group
// into a third (as merge operands), ingested together once the group holds enough events
// (OpenOptions::staged_table_events). Ingesting each chunk on its own gave a store of a million
// patients over ten thousand small table files, which every reader's open and every descriptor
// limit pays for, and cost several synced writes per chunk.
//
// Order matters for crash recovery, which finds the patients to clean up through staged log
// entries: (1) the staging marker (meta `staging`) is durable before a group is first written
// (until then only the group's table files hold anything, and they are removed), (2) a
// group's log entries are ingested before (3) its chunks' page operands and correction entries
// are written, so a staged page entry never exists without its log entry; and group n + 1 is
// ingested only after group n's entries are written.
#include <cstdint>
#include <string>
#include <vector>

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "store/event.h"
#include "store/log_reader.h"
#include "store/log_writer.h"
#include "store/rocks_handles.h"
#include "store/status.h"
#include "store/table_file.h"
#include "store/timeline_pages.h"

namespace dayzero::store {

// Chunks of a chunked append in flight at once: one being encoded, one being added to its
// group's table files, one waiting for that.
inline constexpr size_t kStagedChunks = 3;

// One chunk of a chunked append: validated and encoded by the appending thread, then added to
// the open group by a task of its own. A few take turns, reused from chunk to chunk: a fresh
// multi-megabyte buffer per chunk costs page faults (and unmapping).
struct StagedChunk {
    EncodedRecords encoded;
    rocksdb::WriteBatch batch;  // page operands and correction entries
    uint64_t first_seq = 0;
    // The pages of the patients first seen in this chunk, whole: written into the group's table
    // of pages and ingested with its log table, instead of merged through the WAL and memtable.
    // Nothing else holds page data for them, and their numbers are above every page written
    // before, so the table overlaps nothing and a Put of the page is what merging the one
    // operand onto nothing would give.
    NewPages pages;
    // The new entries of patients stored before the chunk's group began, for the group's table
    // of merge operands (the others' operands are in `batch`).
    PageOperands operands;
};

// What the appending thread has handed to the open group so far. That thread decides whether
// a chunk fills the group (and so whether the chunk's task writes it) before the task starts,
// so it knows when the transaction first writes to the database.
struct GroupFill {
    uint64_t events = 0;     // events handed to the group since it was last written
    size_t batch_bytes = 0;  // bytes of their chunks' batches
};

// Consecutive staged chunks gathered into table files not yet ingested.
struct StagedGroup {
    GrowingTable log;    // the chunks' log entries
    GrowingTable pages;  // their new patients' pages (opened at the first chunk that has any)
    // The chunks' page operands and correction entries, in chunk order, written once the tables
    // are ingested: an operand must never reach a page before its log entry is in the log.
    std::vector<rocksdb::WriteBatch> batches;
    // The chunks' PageOperands, in chunk order: one table file when the group is written, or a
    // batch of their own when they are few (Staging::place_operands).
    std::vector<PageOperands> operands;
    // Batches and operands already written, emptied with their memory kept, for the next chunks
    // to fill: fresh ones grow through memory the system must hand over and zero page by page,
    // which took a large share of an import into stored patients.
    std::vector<rocksdb::WriteBatch> spare_batches;
    std::vector<PageOperands> spare_operands;

    bool empty() const { return !log.is_open(); }
    // Forgets the group and deletes its table files (those not yet ingested).
    void discard() {
        log.remove();
        pages.remove();
        batches.clear();
        operands.clear();
    }
};

class Staging {
  public:
    Staging(RocksHandles& rocks, const LogReader& log, const TimelinePages& pages, std::string path,
            rocksdb::Options log_table_options, rocksdb::Options page_table_options,
            uint64_t table_events, uint64_t operand_table_bytes)
        : rocks_(rocks),
          log_(log),
          pages_(pages),
          path_(std::move(path)),
          log_table_options_(std::move(log_table_options)),
          page_table_options_(std::move(page_table_options)),
          table_events_(table_events),
          operand_table_bytes_(operand_table_bytes) {}

    // Makes the staging marker (transaction `tx` stages from `first_seq` on) durable.
    Status mark(uint64_t tx, uint64_t first_seq);
    // Adds the chunk's log entries and new patients' pages of transaction `tx` to `group`'s table
    // files (opening them at its first chunk) and takes over the chunk's batch and page operands.
    // Touches only `chunk` and `group`, so it runs beside the appending thread.
    Status add(uint64_t tx, StagedChunk& chunk, StagedGroup& group) const;
    // Counts `chunk` into `fill`; true when the group is full with it, to be written once the
    // chunk is added (`fill` then starts again).
    bool fills(GroupFill& fill, const StagedChunk& chunk) const;
    // Writes the group's table of page operands, ingests its tables, then writes its chunks'
    // batches; the group is empty afterwards, whatever happened, and its table files are gone.
    Status write(uint64_t tx, StagedGroup& group);
    // Removes every staged entry from `from_seq` on (log, pages, corrections) and the marker,
    // and gives back the space of the table files they were staged in; `first_new_patient` is
    // the committed counters' next patient number (every page from it on is staged).
    Status discard(uint64_t from_seq, uint32_t first_new_patient);
    // At writer open: removes staged table files left behind and, when the marker is set,
    // every entry beyond `committed_seq` (`next_patient`: the committed counter).
    Status recover(uint64_t committed_seq, uint32_t next_patient);

  private:
    // Writes the group's page operands into the table file `table_file` (named here) when they
    // are large enough for one, else moves them into a batch of the group's.
    Status place_operands(StagedGroup& group, std::string& table_file) const;
    // Deletes the table files that hold nothing but staged entries (discard's second half).
    Status release_files(uint64_t from_seq, uint32_t first_new_patient);

    RocksHandles& rocks_;
    const LogReader& log_;
    const TimelinePages& pages_;
    std::string path_;
    rocksdb::Options log_table_options_;   // for table files of staged log entries
    rocksdb::Options page_table_options_;  // for table files of staged new patients' pages
    uint64_t table_events_;                // a group is written once it holds this many events
    uint64_t operand_table_bytes_;         // a group's page operands from this size on: a table
};

}  // namespace dayzero::store
