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
    // One look-up at or before `seq` finds an entry of its own and a segment alike.
    LogCursor cursor = log_cursor(ro);
    if (auto s = cursor.find(seq); !s) return s;
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
