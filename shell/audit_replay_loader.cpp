#include "shell/audit_replay_loader.h"

#include <optional>

#include <fmt/format.h>

#include "shell/audit_csv.h"
#include "shell/audit_replay_format.h"

namespace dayzero::shell::audit {
namespace {

using store::Status;

// Appends one recorded transaction and checks it reproduces the recorded numbers and hash.
Status apply(const store::EventStore& store, const db::RecordedCommit& commit,
             const LoggedTransaction& tx, const std::string& where, LoadReport& report,
             HashCheck check) {
    if (check == HashCheck::kRequired && tx.info.hash_hex.empty()) {
        return Status::invalid_argument(fmt::format(
            "{}: transaction {} carries no hash, so nothing shows it is the history that was "
            "recorded; nothing was loaded. A stream without hashes loads only with --rehash, "
            "which marks the new store's history as re-hashed",
            where, tx.info.tx));
    }
    const uint64_t store_seq = store.last_seq();
    const uint64_t store_tx = store.last_tx();
    if (tx.info.tx != store_tx + 1 || tx.info.first_seq != store_seq + 1) {
        return Status::conflict(fmt::format(
            "{}: transaction {} (seq {}..{}) does not follow the store, which ends at transaction "
            "{} (seq {}); replay into an empty store, or load the preceding transactions first",
            where, tx.info.tx, tx.info.first_seq, tx.info.last_seq, store_tx, store_seq));
    }
    if (store_tx > 0) {
        auto head = store.transaction(store_tx);
        if (!head) return head.status();
        if (!tx.info.prev_hash_hex.empty() && head->hash_hex != tx.info.prev_hash_hex) {
            return Status::conflict(fmt::format(
                "{}: transaction {} was recorded after hash {} but the store's head is {}", where,
                tx.info.tx, tx.info.prev_hash_hex, head->hash_hex));
        }
    }
    uint64_t expected_seq = tx.info.first_seq;
    for (const store::Event& e : tx.events) {
        if (e.seq != expected_seq++) {
            return Status::invalid_argument(
                fmt::format("{}: transaction {} lists seq {} where seq {} was expected", where,
                            tx.info.tx, e.seq, expected_seq - 1));
        }
    }
    if (tx.events.empty() || expected_seq - 1 != tx.info.last_seq) {
        return Status::invalid_argument(
            fmt::format("{}: transaction {} declares seq {}..{} but lists {} events", where,
                        tx.info.tx, tx.info.first_seq, tx.info.last_seq, tx.events.size()));
    }
    store::TransactionRequest request;
    request.events = tx.events;
    request.author = tx.info.author;
    request.os_account = tx.info.os_account;  // as recorded ("" in older streams), never ours
    request.reason = tx.info.reason;
    request.source = tx.info.source;
    request.expected_last_seq = store_seq;
    request.recorded_at_us = tx.info.recorded_at_us;
    auto appended = commit(std::move(request));
    if (!appended) {
        return Status(appended.status().code(),
                      fmt::format("{}: transaction {} was refused by the store: {}", where,
                                  tx.info.tx, appended.status().message()));
    }
    if (appended->tx != tx.info.tx || appended->first_seq != tx.info.first_seq ||
        appended->last_seq != tx.info.last_seq) {
        return Status::corruption(
            fmt::format("{}: transaction {} (seq {}..{}) was stored as transaction {} (seq {}..{})",
                        where, tx.info.tx, tx.info.first_seq, tx.info.last_seq, appended->tx,
                        appended->first_seq, appended->last_seq));
    }
    if (check == HashCheck::kRequired && appended->hash_hex != tx.info.hash_hex) {
        // The recomputed hash is not printed: it is exactly what a forger would need.
        return Status::corruption(fmt::format(
            "{}: transaction {} does not hash to the value the stream records: its events or "
            "metadata differ from what was recorded",
            where, tx.info.tx));
    }
    ++report.transactions;
    report.events += tx.events.size();
    report.last_hash = appended->hash_hex;
    return Status::ok();
}

store::Result<LoadReport> load_json(std::istream& in, const std::string& name,
                                    const store::EventStore& store,
                                    const db::RecordedCommit& commit, HashCheck check) {
    LoadReport report;
    int line_no = 1;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = fmt::format("{}:{}", name, line_no);
        auto tx = parse_replay_json_line(line, where);
        if (!tx) return tx.status();
        Status applied = apply(store, commit, *tx, where, report, check);
        if (!applied) return applied;
    }
    return report;
}

bool same_transaction(const store::TransactionInfo& a, const store::TransactionInfo& b) {
    return a.tx == b.tx && a.recorded_at_us == b.recorded_at_us && a.author == b.author &&
           a.os_account == b.os_account && a.reason == b.reason && a.source == b.source &&
           a.prev_hash_hex == b.prev_hash_hex && a.hash_hex == b.hash_hex;
}

store::Result<LoadReport> load_csv(std::istream& in, const std::string& name,
                                   const store::EventStore& store, const db::RecordedCommit& commit,
                                   HashCheck check, bool legacy) {
    LoadReport report;
    int line_no = 1;
    std::optional<LoggedTransaction> pending;
    std::string pending_where;
    std::string error;
    for (;;) {
        const int row_line = line_no + 1;
        auto cells = read_csv_record(in, line_no, error);
        if (!cells && !error.empty())
            return Status::invalid_argument(fmt::format("{}:{}: {}", name, row_line, error));
        const bool blank = cells && cells->size() == 1 && (*cells)[0].empty();
        if (blank) continue;
        std::optional<LoggedTransaction> row;
        const std::string where = fmt::format("{}:{}", name, row_line);
        if (cells) {
            auto parsed = parse_replay_csv_row(std::move(*cells), where, legacy);
            if (!parsed) return parsed.status();
            row = std::move(parsed.value());
        }
        if (pending && row && row->info.tx == pending->info.tx) {
            if (!same_transaction(row->info, pending->info)) {
                return Status::invalid_argument(fmt::format(
                    "{}: transaction {} columns differ from its first row", where, row->info.tx));
            }
            pending->info.last_seq = row->info.last_seq;
            pending->events.push_back(std::move(row->events.front()));
            continue;
        }
        if (pending) {
            Status applied = apply(store, commit, *pending, pending_where, report, check);
            if (!applied) return applied;
        }
        if (!row) break;
        pending = std::move(row);
        pending_where = where;
    }
    return report;
}

}  // namespace

store::Result<LoadReport> load_replay(std::istream& in, const std::string& name,
                                      const store::EventStore& store,
                                      const db::RecordedCommit& commit, HashCheck check) {
    std::string first;
    if (!std::getline(in, first)) {
        return Status::invalid_argument(fmt::format("{}:1: empty file, not a replay stream", name));
    }
    if (!first.empty() && first.back() == '\r') first.pop_back();
    if (first == replay_json_header().substr(0, replay_json_header().size() - 1))
        return load_json(in, name, store, commit, check);
    std::string csv_header = replay_csv_header();
    csv_header.resize(csv_header.size() - 2);  // without CRLF
    if (first == csv_header) return load_csv(in, name, store, commit, check, false);
    std::string legacy_header = replay_csv_header(true);
    legacy_header.resize(legacy_header.size() - 2);
    if (first == legacy_header) return load_csv(in, name, store, commit, check, true);
    return Status::invalid_argument(fmt::format(
        "{}:1: not a dayzero replay stream (expected {} or the CSV header starting '{}')", name,
        replay_json_header().substr(0, replay_json_header().size() - 1), csv_header.substr(0, 30)));
}

store::Result<LoadReport> copy_transactions(const store::EventStore& from,
                                            const store::EventStore& to,
                                            const db::RecordedCommit& commit) {
    LoadReport report;
    Status applied = Status::ok();
    LogRange range;
    range.from_seq = to.last_seq() + 1;
    const Status scanned = scan_transactions(from, range, [&](const LoggedTransaction& tx) {
        applied = apply(to, commit, tx, fmt::format("transaction {}", tx.info.tx), report,
                        HashCheck::kRequired);
        return applied.is_ok();
    });
    if (!scanned) return scanned;
    if (!applied) return applied;
    return report;
}

}  // namespace dayzero::shell::audit
