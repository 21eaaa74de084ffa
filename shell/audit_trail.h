#pragma once
// The audit-trail export handed to monitors and regulators: one CSV row per transaction and one
// per event, in recorded order, with corrections, their reasons and the signatures covering
// each transaction (column list: kTrailColumns; described in docs/AUDIT.md).

#include <array>
#include <cstdint>
#include <ostream>
#include <string_view>

#include "shell/audit_log_reader.h"

namespace dayzero::shell::audit {

// clang-format off
inline constexpr std::array<std::string_view, 26> kTrailColumns{
    "record", "tx", "seq", "recorded_at", "recorded_by", "os_account", "source", "source_line",
    "patient", "day", "time", "kind", "code", "value", "text", "unit", "original", "note",
    "correction", "target_seq", "reason", "status", "signatures", "events", "hash", "prev_hash"};
// clang-format on

struct TrailReport {
    uint64_t transactions = 0;
    uint64_t events = 0;
    uint64_t signatures = 0;
};

// Writes the trail for `range` of `store` to `out` as CSV (RFC 4180, CRLF, text cells guarded
// against formula injection). Reads the log twice: once for corrections and signatures, once
// to write.
store::Result<TrailReport> write_audit_trail(const store::EventStore& store, const LogRange& range,
                                             std::ostream& out);

}  // namespace dayzero::shell::audit
