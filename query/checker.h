#pragma once
// The checker: resolves every name of a parsed statement against the catalog (the store's
// vocabulary at the statement's point, the session's cohorts, the measure registry), checks
// types, and applies the `with` and `as of` clauses. One check function per statement
// (check_statements.h) produces the statement's checked type (checked.h) for the evaluator.

#include "query/ast.h"
#include "query/checked.h"
#include "query/engine_state.h"
#include "store/event_store.h"

namespace dayzero::query {

// Checks `statement`. The result points into it, so it must outlive the result. Throws
// QueryError (kUnknownName with the nearest valid name, kType, kInvalid).
CheckedStatement check_statement(const ast::Statement& statement, const store::EventStore& store,
                                 EngineState& state);

}  // namespace dayzero::query
