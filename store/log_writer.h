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
#include "store/table_file.h"

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

// Adds the records (consecutive sequence numbers from `first_seq`, above every one `table` holds)
// to `table` as segments of codec::kLogSegmentEvents records.
Status add_log_segments(GrowingTable& table, uint64_t first_seq, const EncodedRecords& encoded);

}  // namespace dayzero::store
