// diff: what the log gained between two points (added, amended, retracted events), and, with
// `on <statement>`, how that statement's result differs between them.
#include <map>
#include <set>
#include <utility>

#include "query/as_of_note.h"
#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/query_error.h"
#include "query/row_sink.h"

namespace dayzero::query {

namespace {

// The last sequence number visible at `as_of`.
uint64_t seq_at(const store::EventStore& store, const store::AsOf& as_of) {
    const uint64_t last = store.last_seq();
    if (as_of.seq) return std::min(*as_of.seq, last);
    if (!as_of.recorded_at_us) return last;
    // Transactions are recorded in time order: binary-search the last one at or before the point.
    uint64_t lo = 1, hi = store.last_tx(), found = 0;
    while (lo <= hi) {
        const uint64_t mid = lo + (hi - lo) / 2;
        auto tx = store.transaction(mid);
        if (!tx) throw QueryError(ErrorKind::kData, tx.status().message());
        if (tx.value().recorded_at_us <= *as_of.recorded_at_us) {
            found = tx.value().last_seq;
            lo = mid + 1;
        } else {
            if (mid == 0) break;
            hi = mid - 1;
        }
    }
    return found;
}

std::string row_key(const std::vector<Value>& row, const std::vector<Column>& columns) {
    std::string key;
    for (size_t i = 0; i < row.size() && i < columns.size(); ++i) {
        key += format_value(row[i], columns[i]);
        key += '\x1f';
    }
    return key;
}

}  // namespace

QueryResult Evaluator::diff(const checked::Diff& c) {
    const ast::DiffStmt& s = *c.ast;
    const store::AsOf from = resolve_point(s.from);
    const store::AsOf to = resolve_point(s.to);
    const uint64_t from_seq = seq_at(store_, from);
    const uint64_t to_seq = seq_at(store_, to);
    QueryResult r;
    auto point_text = [this](const store::AsOf& p, uint64_t seq) {
        return p.seq ? describe_as_of(p) + cut_transaction_clause(store_, *p.seq)
                     : describe_as_of(p) + " (seq " + std::to_string(seq) + ")";
    };
    r.notes.push_back("from " + point_text(from, from_seq) + " to " + point_text(to, to_seq));
    if (!c.inner) {
        r.title = "Changes" + (c.patient.empty() ? std::string() : ", " + c.patient);
        r.columns = {{"seq", ColumnType::kInteger},      {"tx", ColumnType::kInteger},
                     {"recorded_at", ColumnType::kText}, {"change", ColumnType::kText},
                     {"target", ColumnType::kInteger},   {"patient", ColumnType::kText},
                     {"day", ColumnType::kDay},          {"kind", ColumnType::kText},
                     {"code", ColumnType::kText},        {"value", ColumnType::kNumber},
                     {"reason", ColumnType::kText}};
        if (to_seq > from_seq) {
            const store::Status status =
                store_.scan_log(from_seq + 1, to_seq, [&](const store::Event& e) {
                    read_.check_interrupt();
                    if (!c.patient.empty() && e.patient_id != c.patient) return true;
                    const char* change = e.correction == store::Correction::kAmend     ? "amended"
                                         : e.correction == store::Correction::kRetract ? "retracted"
                                                                                       : "added";
                    r.rows.push_back(
                        {static_cast<int64_t>(e.seq), static_cast<int64_t>(e.tx),
                         format_instant_us(e.recorded_at_us), std::string(change),
                         e.target_seq ? Value{static_cast<int64_t>(e.target_seq)} : Value{},
                         e.patient_id, static_cast<int64_t>(e.day),
                         std::string(store::kind_name(e.kind)),
                         e.code.empty() ? Value{} : Value{e.code},
                         e.value ? Value{*e.value} : Value{},
                         e.reason.empty() ? Value{} : Value{e.reason}});
                    return true;
                });
            if (!status) throw QueryError(ErrorKind::kData, status.message());
        }
        r.message = std::to_string(r.rows.size()) + " changes";
        return r;
    }
    CheckedStatement before = *c.inner;
    before.as_of = from;
    CheckedStatement after = *c.inner;
    after.as_of = to;
    // The two results are compared here, so their rows must come back in them: with the output's
    // sink in place a whole trial's table streamed its rows out (printed both tables, compared
    // none of them and said "no differences").
    struct SinkAside {
        RowSink*& slot;
        RowSink* kept;
        ~SinkAside() { slot = kept; }
    } aside{state_.sink, std::exchange(state_.sink, nullptr)};
    QueryResult old_result;
    try {
        old_result = run(before);
    } catch (const QueryError& e) {
        // The statement may name something that did not exist yet: then everything is new.
        r.notes.push_back(std::string("at ") + describe_as_of(from) + ": " + e.what());
    }
    const QueryResult new_result = run(after);
    r.title = "Diff of: " + s.inner->text;
    r.columns = {{"change", ColumnType::kText}};
    r.columns.insert(r.columns.end(), new_result.columns.begin(), new_result.columns.end());
    std::multiset<std::string> old_keys, new_keys;
    for (const auto& row : old_result.rows)
        old_keys.insert(row_key(row, new_result.columns));
    for (const auto& row : new_result.rows)
        new_keys.insert(row_key(row, new_result.columns));
    for (const auto& row : old_result.rows) {
        auto it = new_keys.find(row_key(row, new_result.columns));
        if (it != new_keys.end()) {
            new_keys.erase(it);
            continue;
        }
        std::vector<Value> out = {std::string("-")};
        out.insert(out.end(), row.begin(), row.end());
        out.resize(r.columns.size());
        r.rows.push_back(std::move(out));
    }
    for (const auto& row : new_result.rows) {
        auto it = old_keys.find(row_key(row, new_result.columns));
        if (it != old_keys.end()) {
            old_keys.erase(it);
            continue;
        }
        std::vector<Value> out = {std::string("+")};
        out.insert(out.end(), row.begin(), row.end());
        r.rows.push_back(std::move(out));
    }
    if (old_result.message != new_result.message && !new_result.message.empty()) {
        r.notes.push_back("before: " + old_result.message + "; after: " + new_result.message);
    }
    r.message = r.rows.empty() ? "no differences"
                               : std::to_string(r.rows.size()) + " rows differ (- before, + after)";
    return r;
}

}  // namespace dayzero::query
