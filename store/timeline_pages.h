#pragma once
// TimelinePages: the timeline family, one page per patient holding that patient's log records
// in write order (codec::append_page_entry; page_merge.h adds to them). Reads a patient's page
// as events in timeline order, adds a transaction's entries to pages, builds the whole pages of
// patients new in a staged chunk, and drops staged entries. Private to store/.

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "store/directory.h"
#include "store/event.h"
#include "store/event_store.h"
#include "store/log_writer.h"
#include "store/rocks_handles.h"
#include "store/status.h"
#include "store/table_file.h"

namespace dayzero::store {

// Runs of page entries, one per patient, in patient order: the bytes of each run and where it
// lies in them.
struct PageRuns {
    std::string bytes;
    std::vector<std::pair<uint32_t, std::pair<size_t, size_t>>> spans;  // patient, (at, size)

    void clear() {
        bytes.clear();
        spans.clear();
    }
};

// Whole pages of patients none of whose entries is stored yet.
using NewPages = PageRuns;
// New entries for the pages of patients stored before the group of staged chunks they belong
// to (staging.h): written into a table file of merge operands and ingested, instead of going
// through the WAL into a memtable, whose fresh memory the system hands over and zeroes page by
// page (a study's later domains add millions of entries to stored pages).
using PageOperands = PageRuns;

class TimelinePages {
  public:
    TimelinePages(const RocksHandles& rocks, const Directory& directory)
        : rocks_(rocks), directory_(directory) {}

    // One patient's raw events between two days (inclusive), visible at `as_of`, in timeline
    // order; sequence numbers beyond `visible_seq` (staged, not committed) are never returned.
    // REPLACES the content of `out`, decoding over its old elements to reuse them.
    Status read(uint32_t compact_id, const std::string& patient_id, int64_t day_from,
                int64_t day_to, const AsOf& as_of, Provenance provenance,
                const rocksdb::ReadOptions& ro, uint64_t visible_seq,
                std::vector<Event>& out) const;
    // read(), then (query.apply_corrections) the current view; REPLACES `events`.
    Status view(uint32_t compact_id, const std::string& patient_id, const TimelineQuery& query,
                const rocksdb::ReadOptions& ro, uint64_t visible_seq,
                std::vector<Event>& events) const;

    // The pages of several patients (name, patient number) with one lookup: a block of the
    // family holding the pages of several of them is read and decompressed once, where a lookup
    // per patient reads it again for each (a pass over every patient does not cache blocks). A
    // patient without a page gets an empty one. `pages` is resized to match `patients`.
    Status fetch(std::span<const std::pair<std::string, uint32_t>> patients,
                 const rocksdb::ReadOptions& ro, std::vector<rocksdb::PinnableSlice>& pages) const;
    // read() and view() of a page fetch() gave.
    Status read(std::string_view page, const std::string& patient_id, int64_t day_from,
                int64_t day_to, const AsOf& as_of, Provenance provenance,
                const rocksdb::ReadOptions& ro, uint64_t visible_seq,
                std::vector<Event>& out) const;
    Status view(std::string_view page, const std::string& patient_id, const TimelineQuery& query,
                const rocksdb::ReadOptions& ro, uint64_t visible_seq,
                std::vector<Event>& events) const;

    // Adds one merge operand per patient of `encoded` (event i is `events[i]`) to `batch`; with
    // `fresh`, the pages of patients numbered `first_new_patient` or above go there whole; with
    // `tabled`, the operands of patients numbered below `tabled_below` go there.
    void add_entries(const std::vector<Event>& events, const EncodedRecords& encoded,
                     rocksdb::WriteBatch& batch, uint32_t first_new_patient = UINT32_MAX,
                     NewPages* fresh = nullptr, uint32_t tabled_below = 0,
                     PageOperands* tabled = nullptr) const;
    // Adds `pages` to `table` (keys are codec::timeline_patient_key, above every one it holds).
    static Status add_to_table(GrowingTable& table, const NewPages& pages);
    // Adds `operands` to `batch`, one merge operand per patient.
    void add_operands(const PageOperands& operands, rocksdb::WriteBatch& batch) const;
    // Writes the operands of several chunks (in chunk order) into the table file `file`: one
    // merge operand per patient, its entries in chunk order.
    static Status write_operand_table(const rocksdb::Options& options, const std::string& file,
                                      std::span<const PageOperands> chunks);
    // Adds to `batch` what removes every entry from `from_seq` on from the pages of `patients`
    // (every patient's page when `every_page`).
    Status drop_from(uint64_t from_seq, const std::set<uint32_t>& patients, bool every_page,
                     rocksdb::WriteBatch& batch) const;

  private:
    // One patient's page with one lookup (empty when they have none).
    Status get(uint32_t compact_id, const std::string& patient_id, const rocksdb::ReadOptions& ro,
               rocksdb::PinnableSlice& page) const;

    const RocksHandles& rocks_;
    const Directory& directory_;
};

}  // namespace dayzero::store
