#pragma once
// ReadPath: the one place that decides how a statement reaches patient data. Every statement,
// and through them every plot and meta-command, reads patients through it:
//   - measures and dose totals: the stored summaries (query.summaries) when they are current
//     for the statement's view, else the session cache of the view's last full pass, else each
//     timeline, derived as it is read (and then cached for the next statement);
//   - daily rows: the stored daily grades (query.days) when current, else the timelines;
//   - one patient: its timeline at the statement's point;
//   - names (the vocabulary the checker binds against): the stored summaries' header when
//     current, else a scan that also fills the session cache.
// Which statements may use summaries is decided here too (summaries_suffice). The rules are in
// docs/DESIGN.md, "How a statement reaches patient data".

#include <functional>
#include <string>
#include <vector>

#include "derive/crs_definition.h"
#include "query/checked.h"
#include "query/days_projection.h"
#include "query/engine_state.h"
#include "query/patient_context.h"
#include "query/summary_projection.h"
#include "query/vocabulary.h"
#include "store/event_store.h"

namespace dayzero::query {

class ReadPath {
  public:
    using PatientFn = std::function<void(PatientContext&)>;
    using GradesFn = std::function<void(const PatientGrades&)>;

    // Reads `store`; caches and progress/interrupt hooks live in `state`, shared between
    // statements.
    ReadPath(const store::EventStore& store, EngineState& state) : store_(store), state_(state) {}

    // The names visible at `as_of` (recomputed only when the store or the point changed).
    const Vocabulary& vocabulary(const store::AsOf& as_of, const derive::CrsDefinition& def);

    // Streams every patient visible to `c` that satisfies all of `filters`, in patient-id
    // order, from the cheapest source that holds what `c` reads. Throws QueryError (kData when
    // the store cannot be read, kInterrupted).
    void patients(const CheckedStatement& c, const std::vector<BoundPtr>& filters,
                  const PatientFn& fn);

    // Streams every patient's daily grades and episodes at the present under `c.def`. Throws
    // like patients().
    void daily_grades(const CheckedStatement& c, const GradesFn& fn);

    // One patient's current-view timeline at `c.as_of`. Throws QueryError (kData).
    std::vector<store::Event> timeline(const CheckedStatement& c, const std::string& id);

    // Throws QueryError(kInterrupted) once the session's interrupt flag is set.
    void check_interrupt() const;

  private:
    // Visits the summaries of a view from the session cache or the stored projection. An
    // incomplete pass (no summaries, or a stored entry that turned out malformed) leaves the
    // patients after `last_id` to the caller, who reads their timelines.
    using SummaryFn = std::function<void(SummaryView& summary, uint64_t total)>;
    StoredPass visit_summaries(const store::AsOf& as_of, const derive::CrsDefinition& def,
                               const SummaryFn& fn);
    bool interrupted() const;

    const store::EventStore& store_;
    EngineState& state_;
};

// True when everything `c` reads of a patient is in its summary (derived measures, episodes,
// dose totals): no events, no temporal relations, no daily rows of the past.
bool summaries_suffice(const CheckedStatement& c);

// Streams every patient's daily grades and episodes under `def`: from the stored rows when they
// are current for `def`, else by deriving each timeline. A malformed entry met midway switches
// to the timelines for that patient and the rest, so each patient is visited exactly once either
// way. Memory is bounded by one patient (plus the header's id list). Rows carry no evidence on
// either path (DailyGrade::why is empty). Fails only when the store cannot be read.
// Where for_each_patient_grades found the patients' grades.
enum class GradesSource {
    kProjection,  // every patient from the stored rows
    kTimelines,   // every patient derived from its timeline
    kMixed,       // the stored rows until a bad entry, then the timelines for the rest
};

// "projection", "timelines" or "mixed".
const char* grades_source_name(GradesSource source);

// What for_each_patient_grades did.
struct GradesPass {
    GradesSource source = GradesSource::kTimelines;
    uint64_t from_projection = 0;  // patients visited from stored rows
    uint64_t from_timelines = 0;   // patients derived from their timelines
    std::string why_timelines;     // why the projection was not (fully) used; "" if it was
};

store::Result<GradesPass> for_each_patient_grades(const store::EventStore& store,
                                                  const derive::CrsDefinition& def,
                                                  const GradesVisitor& visit);

}  // namespace dayzero::query
