#include "shell/audit_trail.h"

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "shell/audit_csv.h"
#include "shell/audit_replay_format.h"
#include "shell/audit_signature.h"
#include "shell/audit_time.h"

namespace dayzero::shell::audit {
namespace {

using store::Event;

// What later events say about earlier ones: corrections by target seq, signatures by tx.
struct Annotations {
    std::map<uint64_t, std::vector<std::string>> corrected_by;  // target seq -> descriptions
    std::map<uint64_t, std::vector<std::string>> signed_by;     // tx -> descriptions
    std::map<uint64_t, std::vector<uint64_t>> corrections_of;   // target seq -> their seqs
};

Annotations collect_annotations(const std::vector<Event>& corrections_and_signatures) {
    Annotations notes;
    for (const Event& e : corrections_and_signatures) {
        if (e.correction != store::Correction::kNone) {
            notes.corrections_of[e.target_seq].push_back(e.seq);
            notes.corrected_by[e.target_seq].push_back(fmt::format(
                "{} by seq {}", e.correction == store::Correction::kAmend ? "amended" : "retracted",
                e.seq));
        } else if (auto signature = store::read_signature(e)) {
            notes.signed_by[signature->signed_tx].push_back(describe_signature(*signature));
        }
    }
    return notes;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += "; ";
        out += part;
    }
    return out;
}

std::string lookup(const std::map<uint64_t, std::vector<std::string>>& map, uint64_t key) {
    auto it = map.find(key);
    return it == map.end() ? std::string() : join(it->second);
}

// The position of a column of kTrailColumns; an unknown name fails to compile.
consteval size_t column(std::string_view name) {
    for (size_t i = 0; i < kTrailColumns.size(); ++i) {
        if (kTrailColumns[i] == name) return i;
    }
    throw "unknown audit-trail column";
}

std::string transaction_row(const store::TransactionInfo& info, const Annotations& notes) {
    // Event columns stay empty on a transaction row.
    std::vector<std::string> cells(kTrailColumns.size());
    cells[column("record")] = "transaction";
    cells[column("tx")] = std::to_string(info.tx);
    cells[column("seq")] = fmt::format("{}..{}", info.first_seq, info.last_seq);
    cells[column("recorded_at")] = format_instant(info.recorded_at_us);
    cells[column("recorded_by")] = csv_text(info.author);
    cells[column("os_account")] = csv_text(info.os_account);
    cells[column("source")] = csv_text(info.source);
    cells[column("reason")] = csv_text(info.reason);
    cells[column("signatures")] = csv_text(lookup(notes.signed_by, info.tx));
    cells[column("events")] = std::to_string(info.last_seq - info.first_seq + 1);
    cells[column("hash")] = info.hash_hex;
    cells[column("prev_hash")] = info.prev_hash_hex;
    return csv_join(cells);
}

// A correction stays in effect until a later correction of the same event replaces it (the
// statements read the latest): then it is no longer current, though nothing targets it.
std::string superseded(const Event& e, const Annotations& notes) {
    if (e.correction == store::Correction::kNone) return {};
    const auto it = notes.corrections_of.find(e.target_seq);
    if (it == notes.corrections_of.end()) return {};
    for (const uint64_t later : it->second) {
        if (later > e.seq) return fmt::format("superseded by seq {}", later);
    }
    return {};
}

std::string event_row(const Event& e, const std::string& os_account, const Annotations& notes) {
    std::string status = lookup(notes.corrected_by, e.seq);
    if (const std::string later = superseded(e, notes); !later.empty())
        status = status.empty() ? later : status + "; " + later;
    if (status.empty()) status = "current";
    return csv_join({"event",
                     std::to_string(e.tx),
                     std::to_string(e.seq),
                     format_instant(e.recorded_at_us),
                     csv_text(e.recorded_by),
                     csv_text(os_account),
                     csv_text(e.source),
                     e.source_line ? std::to_string(e.source_line) : "",
                     csv_text(e.patient_id),
                     std::to_string(e.day),
                     e.minute ? store::format_minute(*e.minute) : "",
                     std::string(store::kind_name(e.kind)),
                     csv_text(e.code),
                     e.value ? format_exact(*e.value) : "",
                     csv_text(e.text),
                     csv_text(e.unit),
                     csv_text(e.original),
                     csv_text(e.note),
                     std::string(store::correction_name(e.correction)),
                     e.target_seq ? std::to_string(e.target_seq) : "",
                     csv_text(e.reason),
                     csv_text(status),
                     csv_text(lookup(notes.signed_by, e.tx)),
                     "",
                     "",
                     ""});
}

}  // namespace

store::Result<TrailReport> write_audit_trail(const store::EventStore& store, const LogRange& range,
                                             std::ostream& out) {
    // Corrections and signatures may come after the range they annotate: read the whole log.
    std::vector<Event> annotating;
    store::Status scanned = store.scan_log(1, store.last_seq(), [&annotating](const Event& e) {
        if (e.correction != store::Correction::kNone || e.kind == store::EventKind::kSignature)
            annotating.push_back(e);
        return true;
    });
    if (!scanned) return scanned;
    const Annotations notes = collect_annotations(annotating);

    std::vector<std::string> header(kTrailColumns.begin(), kTrailColumns.end());
    out << csv_join(header);
    TrailReport report;
    store::Status written = scan_transactions(store, range, [&](const LoggedTransaction& tx) {
        out << transaction_row(tx.info, notes);
        ++report.transactions;
        for (const Event& e : tx.events) {
            out << event_row(e, tx.info.os_account, notes);
            ++report.events;
            if (e.kind == store::EventKind::kSignature) ++report.signatures;
        }
        return static_cast<bool>(out);
    });
    if (!written) return written;
    if (!out) return store::Status::io_error("writing the audit trail failed");
    return report;
}

}  // namespace dayzero::shell::audit
