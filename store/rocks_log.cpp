// RocksEventStore's reads of single events from the log: an entry of its own, or a record inside
// a segment (store/log_segment.h).
#include <fmt/format.h>

#include "store/rocks_event_store.h"

namespace dayzero::store {

LogCursor RocksEventStore::log_cursor(const rocksdb::ReadOptions& ro) const {
    return LogCursor(std::unique_ptr<rocksdb::Iterator>(
        rocks_.db->NewIterator(ro, rocks_.cf[RocksHandles::kLog])));
}

Status RocksEventStore::read_log_record(uint64_t seq, const rocksdb::ReadOptions& ro,
                                        std::string& out) const {
    auto s = rocks_.db->Get(ro, rocks_.cf[RocksHandles::kLog], codec::log_key(seq), &out);
    if (!s.ok() && !s.IsNotFound()) {
        std::string m = fmt::format("reading event {} from the log: {}", seq, s.ToString());
        return s.IsCorruption() ? Status::corruption(std::move(m)) : Status::io_error(std::move(m));
    }
    if (s.ok() && !codec::is_log_segment(out)) return Status::ok();
    // The event lies in a segment (one keyed by its own number, or by an earlier one).
    LogCursor cursor = log_cursor(ro);
    cursor.seek(seq);
    if (auto st = cursor.status(); !st) return st;
    if (!cursor.valid() || cursor.seq() != seq)
        return Status::not_found(fmt::format("no event with sequence {}", seq));
    out.assign(cursor.record());
    return Status::ok();
}

Result<Event> RocksEventStore::read_event(uint64_t seq, const rocksdb::ReadOptions& ro) const {
    std::string v;
    if (auto st = read_log_record(seq, ro, v); !st) return st;
    codec::Record rec;
    if (auto st = codec::decode_record(v, rec); !st) {
        return Status::corruption(fmt::format("event {}: {}", seq, st.message()));
    }
    if (auto st = complete(rec, seq, ro); !st) return st;
    return std::move(rec.event);
}

}  // namespace dayzero::store
