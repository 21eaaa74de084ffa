#include "store/log_reader.h"

namespace dayzero::store {

LogCursor LogReader::cursor(const rocksdb::ReadOptions& ro) const {
    return LogCursor(std::unique_ptr<rocksdb::Iterator>(
        rocks_.db->NewIterator(ro, rocks_.family(RocksHandles::kLog))));
}

Status LogReader::read_record(uint64_t seq, const rocksdb::ReadOptions& ro,
                              std::string& out) const {
    // One look-up at or before `seq` finds an entry of its own and a segment alike.
    LogCursor cursor = this->cursor(ro);
    if (auto s = cursor.find(seq); !s) return s;
    out.assign(cursor.record());
    return Status::ok();
}

}  // namespace dayzero::store
