#pragma once
// LogReader: the log family read through LogCursor (walks) or one event at a time. Private to
// store/.

#include <cstdint>
#include <string>

#include <rocksdb/options.h>

#include "store/log_cursor.h"
#include "store/rocks_handles.h"
#include "store/status.h"

namespace dayzero::store {

class LogReader {
  public:
    explicit LogReader(const RocksHandles& rocks) : rocks_(rocks) {}

    // A cursor over the log family through `ro` (its bounds and snapshot apply).
    LogCursor cursor(const rocksdb::ReadOptions& ro) const;
    // The stored record of event `seq` into `out` (a not-found status when the log lacks it),
    // whether it has a log entry of its own or lies in a segment.
    Status read_record(uint64_t seq, const rocksdb::ReadOptions& ro, std::string& out) const;

  private:
    const RocksHandles& rocks_;
};

}  // namespace dayzero::store
