#include "store/log_writer.h"

#include <algorithm>

#include "store/codec.h"
#include "store/log_segment.h"
#include "store/table_file.h"

namespace dayzero::store {

void put_log_entries(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* log,
                     uint64_t first_seq, const EncodedRecords& encoded) {
    for (size_t i = 0; i < encoded.spans.size(); ++i)
        batch.Put(log, codec::log_key(first_seq + i), encoded.record(i));
}

Status add_log_segments(GrowingTable& table, uint64_t first_seq, const EncodedRecords& encoded) {
    constexpr size_t kPer = codec::kLogSegmentEvents;
    const size_t events = encoded.spans.size();
    codec::LogSegmentWriter segment;
    char key[8];
    for (size_t from = 0; from < events; from += kPer) {
        const size_t to = std::min(events, from + kPer);
        codec::store_u64_be(key, first_seq + from);
        segment.start(to - from);
        for (size_t i = from; i < to; ++i)
            segment.add(encoded.record(i));
        const auto& bytes = segment.bytes();
        if (auto s = table.put(rocksdb::Slice(key, sizeof key),
                               rocksdb::Slice(bytes.data(), bytes.size()));
            !s)
            return s;
    }
    return Status::ok();
}

}  // namespace dayzero::store
