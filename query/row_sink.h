#pragma once
// RowSink and ResultRows: how a statement with a large table (a whole trial's events, daily
// grades or episodes) hands its rows to the output as it produces them, so the first row is
// printed before the last patient is read and memory does not grow with the trial.

#include <cstdint>
#include <vector>

#include "query/query_result.h"

namespace dayzero::query {

// Receives one result's rows while the statement runs. The shell implements it for its output
// modes; the engine calls it from the evaluating thread.
class RowSink {
  public:
    virtual ~RowSink() = default;
    // Called once, before the first row, with the result's title and columns (rows empty).
    virtual void begin(const QueryResult& head) = 0;
    // One row, in result order. May throw QueryError(kInterrupted) to stop the statement.
    virtual void row(const std::vector<Value>& cells) = 0;
};

// The rows of one result under construction: appended to the result, or passed straight to the
// sink when the caller streams (sink not null). Construct it after the title and columns are set.
class ResultRows {
  public:
    ResultRows(QueryResult& result, RowSink* sink);
    // Adds one row.
    void add(std::vector<Value>&& cells);
    // Adds a copy of one row, or only shows it to the sink: the caller may reuse `cells` for the
    // next row (one allocation for a whole trial's rows when they stream).
    void add(const std::vector<Value>& cells);
    // Rows added so far.
    uint64_t count() const { return count_; }
    // Marks the result as streamed (its rows went to the sink) and records the count; call
    // once the last row has been added.
    void finish();

  private:
    QueryResult& result_;
    RowSink* sink_;
    uint64_t count_ = 0;
};

}  // namespace dayzero::query
