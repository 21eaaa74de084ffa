#include "query/read_path.h"

#include <algorithm>
#include <any>
#include <atomic>
#include <optional>

#include "derive/patient_derivation.h"
#include "query/expr_eval.h"
#include "query/query_error.h"
#include "query/summary_codec.h"

namespace dayzero::query {

namespace {

constexpr uint64_t kProgressEvery = 256;

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

// The model statements' expressions: an optional outcome, the covariates and the scope.
bool covariates_use_events(const BoundPtr& outcome,
                           const std::vector<checked::Covariate>& covariates,
                           const std::vector<BoundPtr>& scope) {
    std::vector<BoundPtr> all(scope);
    for (const auto& c : covariates)
        all.push_back(c.expr);
    return any_uses_events({&outcome}, {&all});
}

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// Non-system patients the store knows (a cheap upper bound for progress; 0 if unreadable).
uint64_t count_patients(const store::EventStore& store) {
    auto ids = store.patients();
    if (!ids) return 0;
    return static_cast<uint64_t>(
        std::count_if(ids.value().begin(), ids.value().end(),
                      [](const auto& id) { return !is_system_patient(id); }));
}

// The total a progress report shows once `done` patients were read of an estimated `total`.
uint64_t progress_total(uint64_t total, uint64_t done) {
    return total == 0 ? 0 : std::max(total, done);
}

}  // namespace

bool summaries_suffice(const CheckedStatement& c) {
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
            [](const checked::Incidence& s) { return !any_uses_events({&s.by}, {&s.scope}); },
            [](const checked::Cox& s) { return !covariates_use_events({}, s.covariates, s.scope); },
            [](const checked::Logistic& s) {
                return !covariates_use_events(s.outcome, s.covariates, s.scope);
            },
            [](const checked::Patients& s) {
                return !any_uses_events({&s.where}, {&s.columns, &s.scope});
            },
            [](const checked::Cohort& s) { return !any_uses_events({&s.where}, {}); },
            [](const checked::Fold& s) { return !any_uses_events({}, {&s.scope}); },
            [](const checked::Episodes& s) { return !any_uses_events({&s.where}, {&s.scope}); },
            [](const checked::Coverage& s) {
                return s.patient.empty() && !any_uses_events({}, {&s.scope});
            },
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

bool ReadPath::interrupted() const {
    return state_.interrupt != nullptr && state_.interrupt->load(std::memory_order_relaxed);
}

void ReadPath::check_interrupt() const {
    if (interrupted()) throw QueryError(ErrorKind::kInterrupted, "the statement was cancelled");
}

const Vocabulary& ReadPath::vocabulary(const store::AsOf& as_of, const derive::CrsDefinition& def) {
    EngineState::Names& names = state_.names;
    const uint64_t seq = store_.last_seq();
    if (names.vocabulary && names.seq == seq && names.as_of.seq == as_of.seq &&
        names.as_of.recorded_at_us == as_of.recorded_at_us) {
        return *names.vocabulary;
    }
    names.vocabulary.reset();
    names.seq = seq;
    names.as_of = as_of;
    if (as_of.is_now()) {
        if (auto stored = load_vocabulary(store_)) {
            names.vocabulary = std::move(stored->vocabulary);
            return *names.vocabulary;
        }
    }
    // The scan reads every timeline anyway: derive the summaries of this view on the way, so
    // the statement being checked does not read them again.
    SummaryCache& cache = state_.summaries;
    cache.begin(SummaryCache::key_for(seq, as_of, def), SummaryCache::kMaxDerivedBytes);
    const uint64_t total = state_.progress ? count_patients(store_) : 0;
    uint64_t done = 0;
    // Derived on the store's reading threads, until the cache is full.
    std::atomic<bool> collecting{cache.collecting()};
    names.vocabulary = Vocabulary::scan(
        store_, as_of,
        [&](const std::string& id, std::vector<store::Event>& events) -> std::any {
            if (is_system_patient(id) || !collecting.load(std::memory_order_relaxed)) return {};
            return encode_summary(derive::derive_patient(id, events, def), dose_totals(events));
        },
        [&](const std::string& id, std::vector<store::Event>&, std::any& summary) {
            if (!is_system_patient(id)) {
                // `collecting` follows the cache, which never resumes: while it collects, every
                // patient came with its summary.
                if (cache.collecting() && summary.has_value()) {
                    cache.add(id, std::any_cast<std::string&&>(std::move(summary)));
                    collecting.store(cache.collecting(), std::memory_order_relaxed);
                }
                if (++done % kProgressEvery == 0) state_.report_progress(done, total);
            }
            return true;
        });
    state_.report_progress(done, total == 0 ? 0 : done);
    cache.finish();
    return *names.vocabulary;
}

StoredPass ReadPath::visit_summaries(const store::AsOf& as_of, const derive::CrsDefinition& def,
                                     const SummaryFn& fn) {
    const SummaryCache& cache = state_.summaries;
    if (cache.holds(SummaryCache::key_for(store_.last_seq(), as_of, def))) {
        SummaryView view;
        const size_t total = cache.size();
        for (size_t i = 0; i < total; ++i) {
            if (!view.open(cache.id(i), cache.bytes(i))) {
                // Every summary was encoded by this process before it was cached.
                throw QueryError(ErrorKind::kData, "the cached summary of patient " +
                                                       std::string(cache.id(i)) +
                                                       " cannot be read");
            }
            fn(view, total);
        }
        return StoredPass{true, total, {}};
    }
    // The stored projection holds the present under the default definition only; it is read
    // again by every statement rather than copied into the session (docs/DESIGN.md).
    if (!as_of.is_now()) return {};
    return scan_summaries(store_, def, fn);
}

void ReadPath::patients(const CheckedStatement& c, const std::vector<BoundPtr>& filters,
                        const PatientFn& fn) {
    auto visit = [&](PatientContext& ctx) {
        for (const auto& f : filters) {
            if (!holds(*f, ctx)) return;
        }
        fn(ctx);
    };
    const bool from_summaries = summaries_suffice(c);
    SummaryCache& cache = state_.summaries;
    uint64_t done = 0;
    std::optional<std::string> resume_after;  // patients up to it were visited from summaries
    if (from_summaries) {
        uint64_t total = 0;
        auto on_summary = [&](SummaryView& summary, uint64_t n) {
            check_interrupt();
            PatientContext ctx(summary);
            visit(ctx);
            total = n;
            if (++done % kProgressEvery == 0) state_.report_progress(done, total);
        };
        StoredPass pass = visit_summaries(c.as_of, c.def, on_summary);
        if (pass.complete) {
            state_.report_progress(done, total);
            return;
        }
        if (pass.visited > 0) {
            // A stored entry was malformed: its patient and the rest come from the timelines, in
            // the same order.
            resume_after = std::move(pass.last_id);
        } else {
            cache.begin(SummaryCache::key_for(store_.last_seq(), c.as_of, c.def),
                        SummaryCache::kMaxDerivedBytes);
        }
    }
    const bool collect = from_summaries && !resume_after;
    const uint64_t total = state_.known_patients();
    bool stopped = false;
    const store::Status status = store_.for_each_patient(
        [&](const std::string& id, std::vector<store::Event>& events) {
            if (interrupted()) {
                stopped = true;
                return false;
            }
            if (is_system_patient(id) || (resume_after && id <= *resume_after)) return true;
            PatientContext ctx(id, events, c.def);
            if (collect && cache.collecting()) {
                cache.add(id, encode_summary(ctx.derived(), dose_totals(events)));
            }
            visit(ctx);
            if (++done % kProgressEvery == 0) {
                state_.report_progress(done, progress_total(total, done));
            }
            return true;
        },
        c.as_of, store::Provenance::kOmitted);
    if (stopped) check_interrupt();
    if (collect && status) cache.finish();
    if (!status) {
        if (status.code() == store::StatusCode::kInterrupted) check_interrupt();
        throw QueryError(ErrorKind::kData, "reading the store failed: " + status.message());
    }
    state_.report_progress(done, total == 0 ? 0 : done);
}

void ReadPath::daily_grades(const CheckedStatement& c, const GradesFn& fn) {
    const uint64_t total = state_.known_patients();
    uint64_t done = 0;
    bool stopped = false;
    auto pass = for_each_patient_grades(store_, c.def, [&](const PatientGrades& p) {
        if (interrupted()) {
            stopped = true;
            return false;
        }
        fn(p);
        if (++done % kProgressEvery == 0) {
            state_.report_progress(done, progress_total(total, done));
        }
        return true;
    });
    if (stopped) check_interrupt();
    if (!pass) {
        if (pass.status().code() == store::StatusCode::kInterrupted) check_interrupt();
        throw QueryError(ErrorKind::kData, "reading the store failed: " + pass.status().message());
    }
    state_.report_progress(done, done);
}

std::vector<store::Event> ReadPath::timeline(const CheckedStatement& c, const std::string& id) {
    store::TimelineQuery q;
    q.as_of = c.as_of;
    auto result = store_.timeline(id, q);
    if (!result) {
        throw QueryError(ErrorKind::kData,
                         "reading patient " + id + " failed: " + result.status().message());
    }
    return std::move(result).value();
}

const char* grades_source_name(GradesSource source) {
    switch (source) {
        case GradesSource::kProjection:
            return "projection";
        case GradesSource::kTimelines:
            return "timelines";
        case GradesSource::kMixed:
            return "mixed";
    }
    return "timelines";
}

store::Result<GradesPass> for_each_patient_grades(const store::EventStore& store,
                                                  const derive::CrsDefinition& def,
                                                  const GradesVisitor& visit) {
    GradesPass pass;
    StoredDaysScan scan = scan_stored_days(store, def, visit);
    pass.from_projection = scan.visited;
    if (scan.problem.empty() || scan.stopped) {
        pass.source = GradesSource::kProjection;
        return pass;
    }
    pass.why_timelines = std::move(scan.problem);
    pass.source = scan.visited == 0 ? GradesSource::kTimelines : GradesSource::kMixed;
    const auto visited_end = scan.ids.begin() + static_cast<std::ptrdiff_t>(scan.visited);
    PatientGrades grades;
    // Signature records are no patients; the ones already visited are not visited again.
    auto skipped = [&](const std::string& id) {
        return is_system_patient(id) || std::binary_search(scan.ids.begin(), visited_end, id);
    };
    // Each patient is derived on the store's reading threads.
    const store::Status status = store.for_each_patient_worked(
        [&](const std::string& id, std::vector<store::Event>& events) -> std::any {
            if (skipped(id)) return {};
            return derive::derive_patient(id, events, def);
        },
        [&](const std::string& id, std::vector<store::Event>&, std::any& worked) {
            if (skipped(id)) return true;
            auto derived = std::any_cast<derive::PatientDerivation&&>(std::move(worked));
            grades.patient_id = id;
            grades.days = std::move(derived.days);
            for (auto& d : grades.days)
                d.why = {};  // the same content whichever path a patient took
            grades.episodes = std::move(derived.episodes);
            ++pass.from_timelines;
            return visit(grades);
        },
        {}, store::Provenance::kOmitted);
    if (!status) return status;
    return pass;
}

}  // namespace dayzero::query
