#pragma once
// Evaluator: runs a checked statement against the store, streaming patients one at a time
// through the derivations, and builds the result table. Throws QueryError (kData, kInvalid,
// kInterrupted); the facade turns them into failed results.

#include <functional>
#include <string>
#include <vector>

#include "query/checker.h"
#include "query/days_codec.h"
#include "query/engine_state.h"
#include "query/patient_context.h"
#include "query/query_result.h"
#include "query/writer.h"
#include "store/event_store.h"

namespace dayzero::query {

class Evaluator {
  public:
    // `writer` (may be null: statements that write are then refused) commits amend, retract and
    // sign; everything else only reads `store`.
    Evaluator(const store::EventStore& store, Writer* writer, EngineState& state)
        : store_(store), writer_(writer), state_(state) {}

    // Runs one statement.
    QueryResult run(const CheckedStatement& c);

  private:
    using PatientFn = std::function<void(PatientContext&)>;

    // Streams every patient visible to `c` that satisfies all of `filters` (and `c.where`
    // when `use_where`), polling the interrupt flag.
    void for_each_patient(const CheckedStatement& c, const std::vector<BoundPtr>& filters,
                          bool use_where, const PatientFn& fn);
    // One patient's current-view timeline at `c.as_of`.
    std::vector<store::Event> timeline_of(const CheckedStatement& c, const std::string& id);
    // Notes every derived result carries: the definition and the as-of point.
    void add_definition_notes(const CheckedStatement& c, QueryResult& r) const;
    void check_interrupt() const;

    QueryResult events(const CheckedStatement& c);
    QueryResult grades(const CheckedStatement& c);
    // `grades;` / `grades within COND;`: every (member) patient's daily rows, no evidence.
    QueryResult cohort_grades(const CheckedStatement& c);
    // Streams every patient's daily grades at the present under `c.def` (the stored projection
    // when current, else the timelines), reporting progress and polling the interrupt flag.
    void stream_grades(const CheckedStatement& c,
                       const std::function<void(const PatientGrades&)>& fn);
    QueryResult episodes(const CheckedStatement& c);
    QueryResult measures(const CheckedStatement& c);
    QueryResult patients(const CheckedStatement& c);
    QueryResult fold(const CheckedStatement& c);
    QueryResult count(const CheckedStatement& c);
    QueryResult summarize(const CheckedStatement& c);
    QueryResult compare(const CheckedStatement& c);
    QueryResult table1(const CheckedStatement& c);
    QueryResult roc(const CheckedStatement& c);
    QueryResult survival(const CheckedStatement& c);
    QueryResult session(const CheckedStatement& c);
    QueryResult history(const CheckedStatement& c);
    QueryResult correct(const CheckedStatement& c);
    QueryResult sign(const CheckedStatement& c);
    QueryResult diff(const CheckedStatement& c);

    const store::EventStore& store_;
    Writer* writer_;
    EngineState& state_;
};

}  // namespace dayzero::query
