#pragma once
// Evaluator: runs a checked statement against the store, streaming patients one at a time
// (through the read path, read_path.h) through the derivations, and builds the result table. Throws
// QueryError (kData, kInvalid, kInterrupted); the facade turns them into failed results.

#include <functional>
#include <string>
#include <vector>

#include "query/checked.h"
#include "query/days_codec.h"
#include "query/engine_state.h"
#include "query/patient_context.h"
#include "query/query_result.h"
#include "query/read_path.h"
#include "query/writer.h"
#include "store/event_store.h"

namespace dayzero::query {

// The writer for a statement that writes; throws QueryError(kInvalid) when the session has none.
Writer& writer_for(Writer* writer, const char* what);

class Evaluator {
  public:
    // `writer` (may be null: statements that write are then refused) commits amend, retract and
    // sign; everything else only reads `store`.
    Evaluator(const store::EventStore& store, Writer* writer, EngineState& state)
        : store_(store), writer_(writer), state_(state), read_(store, state) {}

    // Runs one statement.
    QueryResult run(const CheckedStatement& c);

  private:
    // Throws QueryError(kUnknownName) for a text value of `c` that no patient has, listing the
    // values present (one pass over the patients, only when `c` compares with text values).
    void check_text_values(const CheckedStatement& c);
    // Notes every derived result carries: the definition and the as-of point.
    void add_definition_notes(const CheckedStatement& c, QueryResult& r) const;

    // One function per statement; `c` carries the view (definition, `as of`) it reads.
    QueryResult events(const CheckedStatement& c, const checked::Events& s);
    QueryResult grades(const CheckedStatement& c, const checked::Grades& s);
    // `grades;` / `grades within COND;`: every (member) patient's daily rows, no evidence.
    QueryResult cohort_grades(const CheckedStatement& c, const checked::Grades& s);
    QueryResult episodes(const CheckedStatement& c, const checked::Episodes& s);
    QueryResult measures(const CheckedStatement& c, const checked::Measures& s);
    QueryResult coverage(const CheckedStatement& c, const checked::Coverage& s);
    QueryResult patients(const CheckedStatement& c, const checked::Patients& s);
    QueryResult fold(const CheckedStatement& c, const checked::Fold& s);
    QueryResult count(const CheckedStatement& c, const checked::Count& s);
    QueryResult summarize(const CheckedStatement& c, const checked::Summarize& s);
    QueryResult compare(const CheckedStatement& c, const checked::Compare& s);
    QueryResult table1(const CheckedStatement& c, const checked::Table1& s);
    QueryResult roc(const CheckedStatement& c, const checked::Roc& s);
    QueryResult cox(const CheckedStatement& c, const checked::Cox& s);
    QueryResult logistic(const CheckedStatement& c, const checked::Logistic& s);
    QueryResult incidence(const CheckedStatement& c, const checked::Incidence& s);
    QueryResult survival(const CheckedStatement& c, const checked::Survival& s);
    QueryResult correlate(const CheckedStatement& c, const checked::Correlate& s);
    QueryResult cohort(const CheckedStatement& c, const checked::Cohort& s);
    QueryResult drop(const checked::Drop& s);
    QueryResult save(const CheckedStatement& c, const checked::Save& s);
    QueryResult set(const checked::Set& s);
    QueryResult reset(const checked::Reset& s);
    QueryResult show(const CheckedStatement& c, const checked::Show& s);
    QueryResult history(const CheckedStatement& c, const checked::History& s);
    QueryResult amend(const checked::Amend& s);
    QueryResult retract(const checked::Retract& s);
    QueryResult sign(const checked::Sign& s);
    QueryResult diff(const checked::Diff& s);

    const store::EventStore& store_;
    Writer* writer_;
    EngineState& state_;
    ReadPath read_;  // every read of patient data goes through it
};

}  // namespace dayzero::query
