#pragma once
// Checker: resolves every name of a parsed statement against the store's vocabulary, the session's
// cohorts and the measure registry, and checks types. Throws QueryError (kUnknownName with the
// nearest valid name, kType, kInvalid); produces a CheckedStatement for the evaluator.

#include <memory>
#include <string>
#include <vector>

#include "derive/crs_definition.h"
#include "query/ast.h"
#include "query/bound_expr.h"
#include "query/engine_state.h"
#include "query/vocabulary.h"
#include "store/event_store.h"

namespace dayzero::query {

struct CheckedStatement {
    const ast::Statement* ast = nullptr;
    derive::CrsDefinition def;    // the session's definition plus this statement's `with`
    bool def_overridden = false;  // `with` changed something for this statement only
    store::AsOf as_of;            // the statement's or the session's point
    std::string patient;          // the resolved patient id, when the statement names one
    std::vector<store::EventKind> kinds;
    std::vector<std::string> codes;  // as recorded in the store
    BoundPtr where, by, outcome;
    std::vector<BoundPtr> scope, exprs, items;
    std::shared_ptr<CheckedStatement> inner;  // diff ... on <statement>
};

// Episode fields `episodes where ...` may use besides patient measures.
std::vector<std::string> episode_field_names();

class Checker {
  public:
    Checker(const store::EventStore& store, EngineState& state) : store_(store), state_(state) {}

    // Checks `statement`; the result points into it, so it must outlive the result.
    CheckedStatement check(const ast::Statement& statement);

  private:
    CheckedStatement check_at(const ast::Statement& s, const store::AsOf& as_of,
                              const derive::CrsDefinition& def);
    BoundPtr bind(const ast::ExprPtr& e, bool episode_scope = false);
    BoundPtr bind_name(const ast::Expr& e, bool episode_scope);
    BoundPtr bind_call(const ast::Expr& e);
    BoundPtr bind_compare(const ast::Expr& e, bool episode_scope);
    BoundPtr bind_temporal(const ast::Expr& e);
    BoundPtr condition(const ast::ExprPtr& e, const char* where, bool episode_scope = false);
    void check_anchor(const ast::Anchor& anchor);
    std::string resolve_patient(const ast::NameRef& ref);
    std::string resolve_code(const ast::NameRef& ref, const store::EventKind* kind);
    store::EventKind resolve_kind(const ast::NameRef& ref);
    std::vector<std::string> names_in_scope(bool episode_scope) const;

    const store::EventStore& store_;
    EngineState& state_;
    const Vocabulary* vocabulary_ = nullptr;
};

}  // namespace dayzero::query
