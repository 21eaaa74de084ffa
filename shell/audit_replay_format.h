#pragma once
// The replay stream: the log written transaction by transaction with every stored field, in a
// form that loads back into an empty store as an identical store (see docs/AUDIT.md).
//
// JSON Lines (--format json, the default):
//   line 1:   {"dayzero_replay":1}
//   then one line per transaction:
//   {"tx":N,"first_seq":A,"last_seq":B,"recorded_at":"<ISO UTC>","recorded_at_us":US,
//    "author":"..","os_account":"..","reason":"..","source":"..","prev_hash":"<hex>",
//    "hash":"<hex>",
//    "events":[{"seq":A,"patient":"..","day":D,"time":"HH:MM"|null,"kind":"temp",
//               "code":"..","value":X|null,"text":"..","unit":"..","original":"..","note":"..",
//               "correction":""|"amend"|"retract","target_seq":S,"reason":"..",
//               "recorded_by":"..","source":"..","source_line":L}, ...]}
// CSV (--format csv): a header row (kReplayCsvColumns), then one row per event carrying its
//   transaction's columns; text cells use the reversible formula guard of audit_csv.h.
// `os_account` (CSV `tx_os_account`) is the operating-system account that appended the
// transaction; streams written before it existed lack the field (JSON) or the column (CSV: the
// 25 columns of kLegacyReplayCsvColumns) and load as transactions without one.
// Numbers are written in their shortest exact form, so values survive the round trip bit for bit.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/audit_log_reader.h"
#include "store/status.h"

namespace dayzero::shell::audit {

enum class ReplayFormat { kJson, kCsv };

inline constexpr int kReplayVersion = 1;

// clang-format off
inline constexpr std::array<std::string_view, 26> kReplayCsvColumns{
    "tx", "tx_recorded_at", "tx_recorded_at_us", "tx_author", "tx_os_account", "tx_reason",
    "tx_source", "tx_prev_hash", "tx_hash", "seq", "patient", "day", "time", "kind", "code",
    "value", "text", "unit", "original", "note", "correction", "target_seq", "reason",
    "recorded_by", "source", "source_line"};
// clang-format on
// Position of tx_os_account, the one column older streams lack.
inline constexpr size_t kReplayCsvOsAccount = 4;

// The first line of a JSON replay stream (with its newline).
std::string replay_json_header();

// One transaction as a JSON line (with its newline).
std::string replay_json_line(const LoggedTransaction& tx);

// Parses one JSON transaction line; `where` prefixes error messages ("trail.jsonl:3").
store::Result<LoggedTransaction> parse_replay_json_line(std::string_view line,
                                                        const std::string& where);

// The CSV header row (with CRLF); `legacy`: the header of streams without tx_os_account.
std::string replay_csv_header(bool legacy = false);

// The CSV rows of one transaction (one per event, each ending in CRLF).
std::string replay_csv_rows(const LoggedTransaction& tx);

// Parses one CSV data row (cells as read) into a transaction holding that one event; `legacy`:
// the row of a stream without tx_os_account.
store::Result<LoggedTransaction> parse_replay_csv_row(std::vector<std::string> cells,
                                                      const std::string& where,
                                                      bool legacy = false);

// Shortest text that parses back to exactly `value`.
std::string format_exact(double value);

}  // namespace dayzero::shell::audit
