#pragma once
// The log's write side: a transaction's records encoded once (for the log, the pages and the
// hash chain), written as one entry per event into a batch or as segments into a table file
// (store/log_segment.h). Private to store/.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "store/status.h"

namespace dayzero::store {

// The records of a run of events with consecutive sequence numbers, back to back.
struct EncodedRecords {
    std::string records;                           // only grows; spans say which bytes are used
    std::vector<std::pair<size_t, size_t>> spans;  // (offset, size) of event i's record
    // (patient, event index) in patient order, then sequence order: one page operand each run.
    std::vector<std::pair<uint32_t, size_t>> by_patient;

    // Event i's record.
    std::string_view record(size_t i) const {
        return std::string_view(records.data() + spans[i].first, spans[i].second);
    }
};

// Adds one log entry per record to `batch` (family `log`), the first under `first_seq`.
void put_log_entries(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* log,
                     uint64_t first_seq, const EncodedRecords& encoded);

// Writes the records (consecutive sequence numbers from `first_seq`) into the table file `file`
// as segments of codec::kLogSegmentEvents records.
Status write_log_table(const rocksdb::Options& options, const std::string& file, uint64_t first_seq,
                       const EncodedRecords& encoded);

}  // namespace dayzero::store
