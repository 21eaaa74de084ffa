#include "shell/audit_log_reader.h"

#include <fmt/format.h>

#include "shell/audit_time.h"

namespace dayzero::shell::audit {

store::Result<LogRange> make_log_range(uint64_t from_seq, std::optional<uint64_t> to_seq,
                                       const std::string& until) {
    LogRange range{from_seq, to_seq, std::nullopt};
    if (!until.empty()) {
        range.until_us = parse_instant(until, /*end_of_day=*/true);
        if (!range.until_us) {
            return store::Status::invalid_argument(
                fmt::format("--until: '{}' is not an instant (YYYY-MM-DD or "
                            "YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z])",
                            until));
        }
    }
    return range;
}

store::Status scan_transactions(const store::EventStore& store, const LogRange& range,
                                const TransactionVisitor& visit) {
    const uint64_t last_seq = store.last_seq();
    const uint64_t from_seq = range.from_seq == 0 ? 1 : range.from_seq;
    if (from_seq > last_seq) return store::Status::ok();
    auto first = store.event(from_seq);
    if (!first) return first.status();
    const uint64_t last_tx = store.last_tx();
    for (uint64_t tx = first->tx; tx <= last_tx; ++tx) {
        auto info = store.transaction(tx);
        if (!info) return info.status();
        if (range.to_seq && info->first_seq > *range.to_seq) break;
        if (range.until_us && info->recorded_at_us > *range.until_us) break;
        LoggedTransaction logged{std::move(info.value()), {}};
        store::Status scanned = store.scan_log(logged.info.first_seq, logged.info.last_seq,
                                               [&logged](const store::Event& event) {
                                                   logged.events.push_back(event);
                                                   return true;
                                               });
        if (!scanned) return scanned;
        const uint64_t expected = logged.info.last_seq - logged.info.first_seq + 1;
        if (logged.events.size() != expected) {
            return store::Status::corruption(
                fmt::format("transaction {} should hold seq {}..{} but the log has {} of them", tx,
                            logged.info.first_seq, logged.info.last_seq, logged.events.size()));
        }
        if (!visit(logged)) break;
    }
    return store::Status::ok();
}

}  // namespace dayzero::shell::audit
