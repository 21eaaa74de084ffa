// Audit statements: history, amend, retract, sign. (diff lives in eval_diff.cpp.)
#include <cstdio>
#include <map>

#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/query_error.h"
#include "query/summary_projection.h"

namespace dayzero::query {

namespace {

// Signature events (the encoding shared with the CLI, see shell/audit_signature.h):
// patient "~signatures", kind signature, code = meaning, value = signed tx, text = signer.
constexpr const char* kSignaturePatient = "~signatures";

void refuse_read_only(const store::EventStore& store, const char* what) {
    if (store.read_only()) {
        throw QueryError(ErrorKind::kInvalid,
                         std::string(what) + " is refused: the store is open read-only");
    }
}

// The source with its file digest shortened to 12 hex digits (the full digest is in the audit
// export), plus the line: "sha256:00ee51d11759:3".
std::string source_of(const store::Event& e) {
    std::string source = e.source;
    constexpr size_t kShown = 7 + 12;  // "sha256:" + 12 hex digits
    if (source.rfind("sha256:", 0) == 0 && source.size() > kShown) source.resize(kShown);
    if (e.source_line == 0) return source;
    return source + ":" + std::to_string(e.source_line);
}

Value opt_text(const std::string& s) {
    return s.empty() ? Value{} : Value{s};
}

}  // namespace

QueryResult Evaluator::history(const CheckedStatement& c) {
    const ast::Statement& s = *c.ast;
    std::vector<store::Event> events;
    if (s.history_of_seq) {
        if (s.seq == 0 || s.seq > store_.last_seq()) {
            throw QueryError(ErrorKind::kUnknownName,
                             "no event with seq " + std::to_string(s.seq) + " (the log ends at " +
                                 std::to_string(store_.last_seq()) + ")",
                             s.pos);
        }
        auto e = store_.event(s.seq);
        if (!e) throw QueryError(ErrorKind::kData, e.status().message());
        events.push_back(e.value());
    } else {
        store::TimelineQuery q;
        q.as_of = c.as_of;
        q.apply_corrections = false;
        auto timeline = store_.timeline(c.patient, q);
        if (!timeline) throw QueryError(ErrorKind::kData, timeline.status().message());
        events = std::move(timeline).value();
    }
    // Signatures by the transaction they cover.
    std::multimap<uint64_t, std::string> signatures;
    {
        store::TimelineQuery q;
        q.as_of = c.as_of;
        auto sigs = store_.timeline(kSignaturePatient, q);
        if (sigs) {
            for (const auto& e : sigs.value()) {
                if (e.kind != store::EventKind::kSignature || !e.value) continue;
                signatures.emplace(static_cast<uint64_t>(*e.value),
                                   e.code + " by " + e.text + " at " +
                                       format_instant_us(e.recorded_at_us) + " (seq " +
                                       std::to_string(e.seq) + ")");
            }
        }
    }
    QueryResult r;
    r.title =
        s.history_of_seq ? "History of seq " + std::to_string(s.seq) : "History, " + c.patient;
    r.columns = {{"seq", ColumnType::kInteger},      {"tx", ColumnType::kInteger},
                 {"recorded_at", ColumnType::kText}, {"recorded_by", ColumnType::kText},
                 {"source", ColumnType::kText},      {"day", ColumnType::kDay},
                 {"time", ColumnType::kTime},        {"kind", ColumnType::kText},
                 {"code", ColumnType::kText},        {"value", ColumnType::kNumber},
                 {"text", ColumnType::kText},        {"status", ColumnType::kText},
                 {"reason", ColumnType::kText},      {"signed", ColumnType::kText}};
    auto add = [&](const store::Event& e) {
        std::string status = "original";
        if (e.correction == store::Correction::kAmend) {
            status = "amends seq " + std::to_string(e.target_seq);
        } else if (e.correction == store::Correction::kRetract) {
            status = "retracts seq " + std::to_string(e.target_seq);
        }
        auto corrections = store_.corrections_of(e.seq);
        if (corrections) {
            for (const auto& k : corrections.value()) {
                if (c.as_of.seq && k.seq > *c.as_of.seq) continue;
                if (c.as_of.recorded_at_us && k.recorded_at_us > *c.as_of.recorded_at_us) continue;
                status += k.correction == store::Correction::kRetract ? "; RETRACTED by seq "
                                                                      : "; AMENDED by seq ";
                status += std::to_string(k.seq);
            }
        }
        std::string signed_by;
        const auto range = signatures.equal_range(e.tx);
        for (auto it = range.first; it != range.second; ++it) {
            signed_by += (signed_by.empty() ? "" : "; ") + it->second;
        }
        r.rows.push_back({static_cast<int64_t>(e.seq), static_cast<int64_t>(e.tx),
                          format_instant_us(e.recorded_at_us), opt_text(e.recorded_by),
                          opt_text(source_of(e)), static_cast<int64_t>(e.day),
                          e.minute ? Value{store::format_minute(*e.minute)} : Value{},
                          std::string(store::kind_name(e.kind)), opt_text(e.code),
                          e.value ? Value{*e.value} : Value{}, opt_text(e.text), status,
                          opt_text(e.reason), opt_text(signed_by)});
    };
    for (const auto& e : events)
        add(e);
    if (s.history_of_seq) {
        auto corrections = store_.corrections_of(s.seq);
        if (corrections) {
            for (const auto& k : corrections.value())
                add(k);
        }
    }
    if (!c.as_of.is_now()) r.notes.push_back("as of " + describe_as_of(c.as_of));
    r.message = std::to_string(r.rows.size()) + " records";
    return r;
}

QueryResult Evaluator::correct(const CheckedStatement& c) {
    const ast::Statement& s = *c.ast;
    const bool amend = s.kind == ast::StatementKind::kAmend;
    refuse_read_only(store_, amend ? "amend" : "retract");
    auto target = store_.event(s.seq);
    if (!target) {
        throw QueryError(
            ErrorKind::kUnknownName,
            "no event with seq " + std::to_string(s.seq) + ": " + target.status().message(), s.pos);
    }
    store::Event e = target.value();
    // The correction is recorded here and now: it must not inherit the original's provenance.
    e.source.clear();
    e.source_line = 0;
    e.recorded_by.clear();
    e.correction = amend ? store::Correction::kAmend : store::Correction::kRetract;
    e.target_seq = s.seq;
    e.reason = s.reason;
    if (s.amend_value) {
        double v = s.amend_value->value;
        const std::string unit = to_lower(s.amend_value->unit);
        if (e.kind == store::EventKind::kTemp && unit == "f") v = (v - 32.0) * 5.0 / 9.0;
        e.value = v;
    }
    if (s.amend_text) e.text = *s.amend_text;
    if (s.amend_day) e.day = *s.amend_day;
    if (s.amend_code) e.code = s.amend_code->name;
    if (s.amend_time) {
        int h = -1, m = -1;
        char extra = 0;
        if (std::sscanf(s.amend_time->c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 ||
            m < 0 || m > 59) {
            throw QueryError(ErrorKind::kType,
                             "time must be 'HH:MM', found '" + *s.amend_time + "'", s.pos);
        }
        e.minute = static_cast<uint16_t>(h * 60 + m);
    }
    store::TransactionRequest request;
    request.events.push_back(std::move(e));
    request.reason = s.reason;
    request.source = "shell";
    auto info = store_.append(std::move(request));
    if (!info) {
        throw QueryError(ErrorKind::kInvalid, std::string(amend ? "amend" : "retract") +
                                                  " refused: " + info.status().message());
    }
    (void)refresh_projections(store_);  // a failure leaves a stale stamp: detected, not wrong
    QueryResult r;
    r.message = std::string(amend ? "amended" : "retracted") + " seq " + std::to_string(s.seq) +
                " as seq " + std::to_string(info.value().first_seq) + " (tx " +
                std::to_string(info.value().tx) + "), reason: " + s.reason;
    return r;
}

QueryResult Evaluator::sign(const CheckedStatement& c) {
    const ast::Statement& s = *c.ast;
    refuse_read_only(store_, "sign");
    if (s.seq == 0 || s.seq > store_.last_tx()) {
        throw QueryError(ErrorKind::kUnknownName,
                         "no transaction " + std::to_string(s.seq) + " (the last is " +
                             std::to_string(store_.last_tx()) + ")",
                         s.pos);
    }
    store::Event e;
    e.patient_id = kSignaturePatient;
    e.day = 0;
    e.kind = store::EventKind::kSignature;
    e.code = s.meaning;
    e.value = static_cast<double>(s.seq);
    e.text = s.signer;
    store::TransactionRequest request;
    request.events.push_back(std::move(e));
    request.source = "shell";
    request.reason = "signature: " + s.meaning;
    auto info = store_.append(std::move(request));
    if (!info) throw QueryError(ErrorKind::kInvalid, "sign refused: " + info.status().message());
    (void)refresh_projections(store_);  // a failure leaves a stale stamp: detected, not wrong
    QueryResult r;
    r.message = "tx " + std::to_string(s.seq) + " signed '" + s.meaning + "' by " + s.signer +
                " (seq " + std::to_string(info.value().first_seq) + ")";
    return r;
}

}  // namespace dayzero::query
