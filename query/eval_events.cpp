// events: one patient's (or every patient's) raw timeline, filtered by day, kind, code and time.
#include <algorithm>

#include "derive/crs_definition.h"
#include "query/as_of_note.h"
#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"

namespace dayzero::query {

namespace {

int64_t event_minute(const store::Event& e) {
    return static_cast<int64_t>(e.day) * 1440 + (e.minute ? *e.minute : 0);
}

// Whether `e` passes the statement's day/kind/code/time filters.
bool passes(const checked::Events& c, const store::Event& e, PatientContext& ctx) {
    const ast::EventsStmt& s = *c.ast;
    if (s.day_from && e.day < *s.day_from) return false;
    if (s.day_to && e.day > *s.day_to) return false;
    if (!c.kinds.empty() && std::find(c.kinds.begin(), c.kinds.end(), e.kind) == c.kinds.end()) {
        return false;
    }
    if (!c.codes.empty() && std::none_of(c.codes.begin(), c.codes.end(), [&](const auto& code) {
            return derive::iequals(code, e.code);
        })) {
        return false;
    }
    if (!s.time.present) return true;
    const int64_t t = event_minute(e);
    if (s.time.between) {
        const auto a = anchor_minute(s.time.from, ctx);
        const auto b = anchor_minute(s.time.to, ctx);
        return a && b && t >= *a && t <= *b;
    }
    const auto ref = anchor_minute(s.time.to, ctx);
    if (!ref) return false;
    const double window = to_minutes(s.time.window, "h");
    const double delta = static_cast<double>(t - *ref);
    switch (s.time.direction) {
        case ast::Direction::kAfter:
            return delta >= 0 && delta <= window;
        case ast::Direction::kBefore:
            return delta <= 0 && -delta <= window;
        case ast::Direction::kOf:
            return delta >= -window && delta <= window;
    }
    return false;
}

std::vector<Value> event_row(const store::Event& e, bool with_patient) {
    std::vector<Value> row;
    if (with_patient) row.emplace_back(e.patient_id);
    row.emplace_back(static_cast<int64_t>(e.seq));
    row.emplace_back(static_cast<int64_t>(e.day));
    row.emplace_back(e.minute ? Value{store::format_minute(*e.minute)} : Value{});
    row.emplace_back(std::string(store::kind_name(e.kind)));
    row.emplace_back(e.code.empty() ? Value{} : Value{e.code});
    row.emplace_back(e.value ? Value{*e.value} : Value{});
    row.emplace_back(e.unit.empty() ? Value{} : Value{e.unit});
    row.emplace_back(e.text.empty() ? Value{} : Value{e.text});
    return row;
}

}  // namespace

QueryResult Evaluator::events(const CheckedStatement& c, const checked::Events& ev) {
    const ast::EventsStmt& s = *ev.ast;
    QueryResult r;
    const bool one = !ev.patient.empty();
    r.title = "Events" + (one ? ", " + ev.patient : std::string(", all patients"));
    if (s.day_from) {
        r.title += ", days " + std::to_string(*s.day_from) + " to " + std::to_string(*s.day_to);
    }
    if (!one) r.columns.push_back({"patient", ColumnType::kText});
    r.columns.insert(r.columns.end(), {{"seq", ColumnType::kInteger},
                                       {"day", ColumnType::kDay},
                                       {"time", ColumnType::kTime},
                                       {"kind", ColumnType::kText},
                                       {"code", ColumnType::kText},
                                       {"value", ColumnType::kNumber},
                                       {"unit", ColumnType::kText},
                                       {"text", ColumnType::kText}});
    // One patient's events are a short table; every patient's may be the whole trial: stream.
    ResultRows rows(r, one ? nullptr : state_.sink);
    auto emit = [&](PatientContext& ctx) {
        for (const auto& e : ctx.events()) {
            if (passes(ev, e, ctx)) rows.add(event_row(e, !one));
        }
    };
    if (one) {
        const std::vector<store::Event> timeline = read_.timeline(c, ev.patient);
        PatientContext ctx(ev.patient, timeline, c.def);
        emit(ctx);
    } else {
        read_.patients(c, ev.scope, emit);
    }
    if (s.time.present) {
        r.notes.push_back("times: untimed events count as 00:00 of their day");
        add_definition_notes(c, r);
    } else if (!c.as_of.is_now()) {
        r.notes.push_back(as_of_note(store_, c.as_of));
    }
    rows.finish();
    r.message = std::to_string(rows.count()) + " events";
    return r;
}

}  // namespace dayzero::query
