#pragma once
// Sorted table files written beside the database and ingested into it whole, instead of going
// through the WAL, a memtable and a flush (rocks_stage.cpp). Private to the RocksDB store.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/options.h>

#include "store/status.h"

namespace dayzero::store {

// Writes `entries` (keys strictly increasing, each stored as `prefix` + key) into the table file
// `file`, with the range deletion [drop.first, drop.second): once ingested, the file removes
// every older key in that range and keeps its own.
Status write_replacing_table(const rocksdb::Options& options, const std::string& file,
                             std::string_view prefix,
                             std::span<const std::pair<std::string, std::string>> entries,
                             const std::pair<std::string, std::string>& drop);

}  // namespace dayzero::store
