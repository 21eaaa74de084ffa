#include "query/evaluator.h"

#include <algorithm>

#include "query/definitions.h"
#include "query/expr_eval.h"
#include "query/query_error.h"
#include "query/summary_codec.h"

namespace dayzero::query {

void Evaluator::check_interrupt() const {
    if (state_.interrupt != nullptr && state_.interrupt->load(std::memory_order_relaxed)) {
        throw QueryError(ErrorKind::kInterrupted, "the statement was cancelled");
    }
}

namespace {

bool uses_events(const BoundExpr& e) {
    if (e.kind == BoundExpr::Kind::kTemporal) return true;
    for (const auto& child : e.children) {
        if (child && uses_events(*child)) return true;
    }
    return false;
}

bool any_uses_events(std::initializer_list<const BoundPtr*> singles,
                     std::initializer_list<const std::vector<BoundPtr>*> lists) {
    for (const BoundPtr* single : singles) {
        if (*single && uses_events(**single)) return true;
    }
    for (const auto* list : lists) {
        for (const auto& e : *list) {
            if (e && uses_events(*e)) return true;
        }
    }
    return false;
}

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// Statements that read only derived measures and dose totals can run from the summary cache;
// events, grades, temporal relations and audit statements need the timelines themselves.
bool cacheable(const CheckedStatement& c) {
    return std::visit(
        Overloaded{
            [](const checked::Count& s) {
                return !any_uses_events({&s.where, &s.by}, {&s.scope});
            },
            [](const checked::Summarize& s) {
                return !any_uses_events({&s.by}, {&s.scope, &s.exprs});
            },
            [](const checked::Compare& s) {
                return !any_uses_events({&s.measure, &s.by}, {&s.strata});
            },
            [](const checked::Table1& s) {
                return !any_uses_events({&s.by}, {&s.scope, &s.items});
            },
            [](const checked::Roc& s) {
                return !any_uses_events({&s.score, &s.outcome}, {&s.scope});
            },
            [](const checked::Survival& s) { return !any_uses_events({&s.by}, {&s.scope}); },
            [](const checked::Correlate& s) {
                return !any_uses_events({&s.x, &s.y}, {&s.scope});
            },
            [](const checked::Patients& s) {
                return !any_uses_events({&s.where}, {&s.columns, &s.scope});
            },
            [](const checked::Cohort& s) { return !any_uses_events({&s.where}, {}); },
            [](const checked::Fold& s) { return !any_uses_events({}, {&s.scope}); },
            [](const checked::Episodes& s) { return !any_uses_events({&s.where}, {&s.scope}); },
            [&](const checked::Grades& s) {
                // Only the membership pass of `grades within` at the present: the daily rows of
                // the past come from the timelines, which the summaries do not hold.
                if (!s.patient.empty() || !c.as_of.is_now()) return false;
                return !any_uses_events({}, {&s.scope});
            },
            [](const auto&) { return false; },
        },
        c.body);
}

}  // namespace

void Evaluator::for_each_patient(const CheckedStatement& c, const std::vector<BoundPtr>& filters,
                                 const PatientFn& fn) {
    auto visit = [&](PatientContext& ctx) {
        for (const auto& f : filters) {
            if (!holds(*f, ctx)) return;
        }
        fn(ctx);
    };
    constexpr uint64_t kProgressEvery = 256;
    const bool use_cache = cacheable(c);
    uint64_t done = 0;
    std::optional<std::string> resume_after;  // patients up to it were visited from summaries
    if (use_cache) {
        uint64_t total = 0;
        auto on_summary = [&](SummaryView& summary, uint64_t n) {
            check_interrupt();
            PatientContext ctx(summary);
            visit(ctx);
            total = n;
            if (++done % kProgressEvery == 0) state_.report_progress(done, total);
        };
        auto pass = state_.visit_summaries(store_, c.as_of, c.def, on_summary);
        if (pass.complete) {
            state_.report_progress(done, total);
            return;
        }
        if (pass.visited > 0) {
            // A stored entry was malformed: its patient and the rest come from the timelines, in
            // the same order, and join the summaries being collected.
            resume_after = std::move(pass.last_id);
        } else {
            state_.summaries.begin(SummaryCache::key_for(store_.last_seq(), c.as_of, c.def),
                                   SummaryCache::kMaxDerivedBytes);
        }
    }
    const uint64_t total = state_.known_patients();
    bool interrupted = false;
    const store::Status status = store_.for_each_patient(
        [&](const std::string& id, std::vector<store::Event>& events) {
            if (state_.interrupt != nullptr && state_.interrupt->load(std::memory_order_relaxed)) {
                interrupted = true;
                return false;
            }
            if (is_system_patient(id) || (resume_after && id <= *resume_after)) return true;
            PatientContext ctx(id, events, c.def);
            if (use_cache && state_.summaries.collecting()) {
                state_.summaries.add(id, encode_summary(ctx.derived(), dose_totals(events)));
            }
            visit(ctx);
            if (++done % kProgressEvery == 0) {
                state_.report_progress(done, total == 0 ? 0 : std::max(total, done));
            }
            return true;
        },
        c.as_of);
    if (interrupted) check_interrupt();
    if (use_cache && status) state_.summaries.finish();
    if (!status) {
        if (status.code() == store::StatusCode::kInterrupted) check_interrupt();
        throw QueryError(ErrorKind::kData, "reading the store failed: " + status.message());
    }
    state_.report_progress(done, total == 0 ? 0 : done);
}

std::vector<store::Event> Evaluator::timeline_of(const CheckedStatement& c, const std::string& id) {
    store::TimelineQuery q;
    q.as_of = c.as_of;
    auto result = store_.timeline(id, q);
    if (!result) {
        throw QueryError(ErrorKind::kData,
                         "reading patient " + id + " failed: " + result.status().message());
    }
    return std::move(result).value();
}

void Evaluator::add_definition_notes(const CheckedStatement& c, QueryResult& r) const {
    r.notes.push_back("CRS definition: " + c.def.describe() +
                      (c.def_overridden ? " (this statement only)" : ""));
    if (!c.as_of.is_now()) r.notes.push_back("as of " + describe_as_of(c.as_of));
}

QueryResult Evaluator::run(const CheckedStatement& c) {
    return std::visit(Overloaded{
                          [&](const checked::Events& s) { return events(c, s); },
                          [&](const checked::Grades& s) { return grades(c, s); },
                          [&](const checked::Episodes& s) { return episodes(c, s); },
                          [&](const checked::Measures& s) { return measures(c, s); },
                          [&](const checked::Patients& s) { return patients(c, s); },
                          [&](const checked::Fold& s) { return fold(c, s); },
                          [&](const checked::Count& s) { return count(c, s); },
                          [&](const checked::Summarize& s) { return summarize(c, s); },
                          [&](const checked::Compare& s) { return compare(c, s); },
                          [&](const checked::Table1& s) { return table1(c, s); },
                          [&](const checked::Roc& s) { return roc(c, s); },
                          [&](const checked::Survival& s) { return survival(c, s); },
                          [&](const checked::Correlate& s) { return correlate(c, s); },
                          [&](const checked::Cohort& s) { return cohort(c, s); },
                          [&](const checked::Drop& s) { return drop(s); },
                          [&](const checked::Set& s) { return set(s); },
                          [&](const checked::Reset& s) { return reset(s); },
                          [&](const checked::Show& s) { return show(c, s); },
                          [&](const checked::History& s) { return history(c, s); },
                          [&](const checked::Amend& s) { return amend(s); },
                          [&](const checked::Retract& s) { return retract(s); },
                          [&](const checked::Sign& s) { return sign(s); },
                          [&](const checked::Diff& s) { return diff(s); },
                      },
                      c.body);
}

}  // namespace dayzero::query
