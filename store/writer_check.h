#pragma once
// Checks a writer makes before it writes (docs/STORAGE.md §5, "Writers check before they
// write"): the counters in meta must agree with the transaction records, the patient numbers and
// the log's end, and the last transaction's hash must recompute from its events. A store that
// fails is refused for writing, so a damaged store never takes new transactions on top of the
// damage (a wrong counter would make the next write overwrite entries). Private to store/.

#include <string>

#include "store/directory.h"
#include "store/log_reader.h"
#include "store/rocks_handles.h"
#include "store/status.h"
#include "store/store_meta.h"

namespace dayzero::store {

// Ok when the counters agree with the last transaction record (its number, last sequence number
// and hash), the one before it (the chain link) and the highest patient number. Staging
// recovery relies on last_seq, so this runs before it.
Status check_counters(const std::string& path, const RocksHandles& rocks,
                      const Directory& directory, const Counters& counters);

// Ok when the log ends exactly at counters.last_seq and the last transaction's hash recomputes
// from its events as stored. Runs after staging recovery (nothing staged remains), before the
// writer's first transaction: it reads the whole last transaction (a whole import), so a writer
// that only reads never pays for it.
Status check_log_end(const std::string& path, const LogReader& log, const Directory& directory,
                     const Counters& counters);

}  // namespace dayzero::store
