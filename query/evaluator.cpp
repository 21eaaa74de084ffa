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

// Statements that read only derived measures and dose totals can run from the summary cache;
// events, grades, temporal relations and audit statements need the timelines themselves.
bool cacheable(const CheckedStatement& c) {
    using SK = ast::StatementKind;
    switch (c.ast->kind) {
        case SK::kCount:
        case SK::kSummarize:
        case SK::kCompare:
        case SK::kTable1:
        case SK::kRoc:
        case SK::kSurvival:
        case SK::kPatients:
        case SK::kCohort:
        case SK::kFold:
        case SK::kEpisodes:
            break;
        case SK::kGrades:
            // Only the membership pass of `grades within` at the present: the daily rows of the
            // past come from the timelines, which the summaries do not hold.
            if (!c.patient.empty() || !c.as_of.is_now()) return false;
            break;
        default:
            return false;
    }
    for (const BoundPtr* single : {&c.where, &c.by, &c.outcome}) {
        if (*single && uses_events(**single)) return false;
    }
    for (const auto* list : {&c.scope, &c.exprs, &c.items}) {
        for (const auto& e : *list) {
            if (e && uses_events(*e)) return false;
        }
    }
    return true;
}

}  // namespace

void Evaluator::for_each_patient(const CheckedStatement& c, const std::vector<BoundPtr>& filters,
                                 bool use_where, const PatientFn& fn) {
    auto visit = [&](PatientContext& ctx) {
        for (const auto& f : filters) {
            if (!holds(*f, ctx)) return;
        }
        if (use_where && c.where && !holds(*c.where, ctx)) return;
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
    using SK = ast::StatementKind;
    switch (c.ast->kind) {
        case SK::kEvents:
            return events(c);
        case SK::kGrades:
            return grades(c);
        case SK::kEpisodes:
            return episodes(c);
        case SK::kMeasures:
            return measures(c);
        case SK::kPatients:
            return patients(c);
        case SK::kFold:
            return fold(c);
        case SK::kCount:
            return count(c);
        case SK::kSummarize:
            return summarize(c);
        case SK::kCompare:
            return compare(c);
        case SK::kTable1:
            return table1(c);
        case SK::kRoc:
            return roc(c);
        case SK::kSurvival:
            return survival(c);
        case SK::kCohort:
        case SK::kDrop:
        case SK::kSet:
        case SK::kReset:
        case SK::kShow:
            return session(c);
        case SK::kHistory:
            return history(c);
        case SK::kAmend:
        case SK::kRetract:
            return correct(c);
        case SK::kSign:
            return sign(c);
        case SK::kDiff:
            return diff(c);
    }
    throw QueryError(ErrorKind::kInvalid, "statement not supported");
}

}  // namespace dayzero::query
