#pragma once
// QueryEngine: the one facade between text and results. Parses, checks and evaluates statements
// against a store; every failure comes back as a QueryResult with ok == false, never an exception.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "derive/crs_definition.h"
#include "query/query_result.h"
#include "query/row_sink.h"
#include "query/writer.h"
#include "store/event_store.h"

namespace dayzero::query {

class EngineState;  // session state: named cohorts, definitions in force, as-of setting

class QueryEngine {
  public:
    // The engine reads `store`; amend, retract and sign statements go to `writer` (the database's
    // one writer; null: they are refused). Both must outlive the engine.
    explicit QueryEngine(const store::EventStore& store, Writer* writer = nullptr);
    ~QueryEngine();
    QueryEngine(const QueryEngine&) = delete;
    QueryEngine& operator=(const QueryEngine&) = delete;

    // Runs every `;`-terminated statement in `text` in order; one result per statement. Stops at
    // the first failing statement (its result is the last one returned).
    std::vector<QueryResult> execute(std::string_view text);

    // True when `text` holds at least one complete statement and nothing but whitespace or
    // comments after the last `;` (the shell's "is this input finished?" test).
    static bool is_complete(std::string_view text);

    // A flag the engine polls while streaming patients; when it becomes true the running
    // statement stops with an "Interrupted" error. May be null.
    void set_interrupt_flag(const std::atomic<bool>* flag);

    // Called while a statement streams patients: `done` of `total` patients read so far (total
    // 0 = unknown). Called from the evaluating thread, at most every few hundred patients; the
    // shell draws a progress line from it on a terminal. An empty function = no reports.
    using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;
    void set_progress(ProgressFn progress);

    // Statements with large tables (events, grades and episodes of many patients) hand their
    // rows to `sink` while they run instead of holding them in the result, which then comes back
    // with `streamed` set. Null (the default) = every row in the result. Must outlive its use.
    void set_row_sink(RowSink* sink);

    // Session-wide as-of point for every following statement (is_now() = the present).
    void set_as_of(const store::AsOf& as_of);

    // Names for tab completion: keywords, cohort names, measure names.
    std::vector<std::string> keywords() const;
    std::vector<std::string> cohort_names() const;
    std::vector<std::string> measure_names() const;

    // Human-readable lines describing the cohorts and the definitions in force (.cohorts, .defs).
    std::vector<std::string> describe_cohorts() const;
    std::vector<std::string> describe_definitions() const;

    // The CRS definition in force (`set` statements applied), for pictures that grade days.
    const derive::CrsDefinition& crs_definition() const;

  private:
    const store::EventStore& store_;
    Writer* writer_;
    std::unique_ptr<EngineState> state_;
};

}  // namespace dayzero::query
