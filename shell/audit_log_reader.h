#pragma once
// Reads the store's log transaction by transaction, in recorded order (replay and export).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/event_store.h"

namespace dayzero::shell::audit {

// One committed transaction with its events, exactly as recorded.
struct LoggedTransaction {
    store::TransactionInfo info;
    std::vector<store::Event> events;
};

// Which part of the log to read. Whole transactions only: a transaction is included when any of
// its events lies in [from_seq, to_seq]; reading stops before the first transaction recorded
// after `until_us` (so the output is always a prefix-closed run of transactions).
struct LogRange {
    uint64_t from_seq = 1;
    std::optional<uint64_t> to_seq;
    std::optional<int64_t> until_us;
};

// A range from command-line options; `until` is ISO 8601 UTC text (a date alone means its end)
// or empty. Fails naming --until and the text when it is not an instant.
store::Result<LogRange> make_log_range(uint64_t from_seq, std::optional<uint64_t> to_seq,
                                       const std::string& until);

// Called once per transaction; return false to stop.
using TransactionVisitor = std::function<bool(const LoggedTransaction&)>;

// Streams the transactions in `range` in order; memory holds one transaction at a time.
store::Status scan_transactions(const store::EventStore& store, const LogRange& range,
                                const TransactionVisitor& visit);

}  // namespace dayzero::shell::audit
