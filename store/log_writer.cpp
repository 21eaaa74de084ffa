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

Status write_log_table(const rocksdb::Options& options, const std::string& file, uint64_t first_seq,
                       const EncodedRecords& encoded) {
    constexpr size_t kPer = codec::kLogSegmentEvents;
    const size_t events = encoded.spans.size();
    codec::LogSegmentWriter segment;
    const size_t segments = (events + kPer - 1) / kPer;
    return write_fixed_key_table<8>(options, file, "events", segments, [&](size_t n, char* key) {
        const size_t from = n * kPer;
        const size_t to = std::min(events, from + kPer);
        codec::store_u64_be(key, first_seq + from);
        segment.start(to - from);
        for (size_t i = from; i < to; ++i)
            segment.add(encoded.record(i));
        return rocksdb::Slice(segment.bytes().data(), segment.bytes().size());
    });
}

}  // namespace dayzero::store
