// Audit statements: history, amend, retract, sign. (diff lives in eval_diff.cpp.)
#include <map>

#include "query/as_of_note.h"
#include "query/body_size_doses.h"
#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/query_error.h"
#include "query/saved_cohorts.h"
#include "store/signature.h"
#include "text/clock_time.h"

namespace dayzero::query {

namespace {

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

// The answer to an amend or retract, or its refusal.
QueryResult corrected(const char* done, uint64_t seq, const std::string& reason,
                      const store::Result<store::TransactionInfo>& info,
                      const ast::SourcePos& pos) {
    if (!info) throw QueryError(ErrorKind::kInvalid, info.status().message(), pos);
    QueryResult r;
    r.message = std::string(done) + " seq " + std::to_string(seq) + " as seq " +
                std::to_string(info.value().first_seq) + " (tx " + std::to_string(info.value().tx) +
                "), reason: " + reason;
    return r;
}

}  // namespace

QueryResult Evaluator::history(const CheckedStatement& c, const checked::History& s) {
    std::vector<store::Event> events;
    if (s.seq.has_value()) {
        if (*s.seq == 0 || *s.seq > store_.last_seq()) {
            throw QueryError(ErrorKind::kUnknownName,
                             "no event with seq " + std::to_string(*s.seq) + " (the log ends at " +
                                 std::to_string(store_.last_seq()) + ")",
                             s.pos);
        }
        auto e = store_.event(*s.seq);
        if (!e) throw QueryError(ErrorKind::kData, e.status().message());
        events.push_back(e.value());
    } else {
        store::TimelineQuery q;
        q.as_of = c.as_of;
        q.apply_corrections = false;
        auto timeline = store_.timeline(s.patient, q);
        if (!timeline) throw QueryError(ErrorKind::kData, timeline.status().message());
        events = std::move(timeline).value();
    }
    // Signatures by the transaction they cover.
    std::multimap<uint64_t, std::string> signatures;
    {
        store::TimelineQuery q;
        q.as_of = c.as_of;
        auto sigs = store_.timeline(std::string(store::kSignaturePatient), q);
        if (sigs) {
            for (const auto& e : sigs.value()) {
                const auto signature = store::read_signature(e);
                if (!signature) continue;
                signatures.emplace(signature->signed_tx,
                                   signature->meaning + " by " + signature->signer + " at " +
                                       format_instant_us(signature->signed_at_us) + " (seq " +
                                       std::to_string(signature->seq) + ", " +
                                       store::key_label(*signature) + ")");
            }
        }
    }
    QueryResult r;
    r.title = s.seq.has_value()                  ? "History of seq " + std::to_string(*s.seq)
              : s.patient == kCohortsPatient     ? std::string("History of saved cohorts")
              : s.patient == kDefinitionsPatient ? std::string("History of saved definitions")
                                                 : "History, " + s.patient;
    r.columns = {{"seq", ColumnType::kInteger},      {"tx", ColumnType::kInteger},
                 {"recorded_at", ColumnType::kText}, {"recorded_by", ColumnType::kText},
                 {"os_account", ColumnType::kText},  {"source", ColumnType::kText},
                 {"day", ColumnType::kDay},          {"time", ColumnType::kTime},
                 {"kind", ColumnType::kText},        {"code", ColumnType::kText},
                 {"value", ColumnType::kNumber},     {"text", ColumnType::kText},
                 {"status", ColumnType::kText},      {"reason", ColumnType::kText},
                 {"signed", ColumnType::kText}};
    std::map<uint64_t, std::string> os_accounts;  // tx -> its operating-system account
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
        // The account is the transaction's: looked up once per transaction.
        auto account = os_accounts.find(e.tx);
        if (account == os_accounts.end()) {
            auto info = store_.transaction(e.tx);
            account = os_accounts.emplace(e.tx, info ? info->os_account : std::string()).first;
        }
        std::string signed_by;
        const auto range = signatures.equal_range(e.tx);
        for (auto it = range.first; it != range.second; ++it) {
            signed_by += (signed_by.empty() ? "" : "; ") + it->second;
        }
        r.rows.push_back({static_cast<int64_t>(e.seq), static_cast<int64_t>(e.tx),
                          format_instant_us(e.recorded_at_us), opt_text(e.recorded_by),
                          opt_text(account->second), opt_text(source_of(e)),
                          static_cast<int64_t>(e.day),
                          e.minute ? Value{store::format_minute(*e.minute)} : Value{},
                          std::string(store::kind_name(e.kind)), opt_text(e.code),
                          e.value ? Value{*e.value} : Value{}, opt_text(e.text), status,
                          opt_text(e.reason), opt_text(signed_by)});
    };
    for (const auto& e : events)
        add(e);
    if (s.seq.has_value()) {
        auto corrections = store_.corrections_of(*s.seq);
        if (corrections) {
            for (const auto& k : corrections.value())
                add(k);
        }
    }
    if (!c.as_of.is_now()) r.notes.push_back(as_of_note(store_, c.as_of));
    r.message = std::to_string(r.rows.size()) + " records";
    return r;
}

// Whether the store may be written is the writer's rule (db::Database refuses a read-only store),
// not checked here.
Writer& writer_for(Writer* writer, const char* what) {
    if (writer == nullptr) {
        throw QueryError(ErrorKind::kInvalid,
                         std::string(what) + " is refused: this session cannot write");
    }
    return *writer;
}

namespace {

// 'HH:MM' as minutes after midnight (text/clock_time.h: the rule imports use).
uint16_t parse_clock_time(const std::string& text, ast::SourcePos pos) {
    const auto minute = text::parse_clock(text);
    if (!minute) {
        throw QueryError(ErrorKind::kType,
                         "time must be 'HH:MM' (00:00 to 23:59), found '" + text + "'", pos);
    }
    return *minute;
}

}  // namespace

QueryResult Evaluator::amend(const checked::Amend& a) {
    const ast::AmendStmt& s = *a.ast;
    Writer& writer = writer_for(writer_, "amend");
    Amendment request;
    request.seq = s.seq;
    request.reason = s.reason;
    if (s.value) {
        request.value = s.value->value;
        if (!s.value->unit.empty()) request.unit = s.value->unit;
    }
    if (s.text) request.text = *s.text;
    if (s.day) request.day = *s.day;
    if (s.code) request.code = s.code->name;
    if (s.time) request.minute = parse_clock_time(*s.time, a.pos);
    QueryResult r = corrected("amended", s.seq, s.reason, writer.amend(request), a.pos);
    if (std::string note = doses_left_by_body_size_amend(store_, s.seq); !note.empty())
        r.notes.push_back(std::move(note));
    return r;
}

QueryResult Evaluator::retract(const checked::Retract& r) {
    const ast::RetractStmt& s = *r.ast;
    Writer& writer = writer_for(writer_, "retract");
    return corrected("retracted", s.seq, s.reason, writer.retract(Retraction{s.seq, s.reason, {}}),
                     r.pos);
}

QueryResult Evaluator::sign(const checked::Sign& sg) {
    const ast::SignStmt& s = *sg.ast;
    Writer& writer = writer_for(writer_, "sign");
    auto info = writer.sign(Signing{s.tx, s.meaning, s.signer, {}, {}, s.key_path});
    if (!info) throw QueryError(ErrorKind::kInvalid, info.status().message(), sg.pos);
    QueryResult r;
    r.message = "tx " + std::to_string(s.tx) + " signed '" + s.meaning + "' by " +
                info.value().author + " (seq " + std::to_string(info.value().first_seq) + ")";
    return r;
}

}  // namespace dayzero::query
