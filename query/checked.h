#pragma once
// The checked statements: one type per statement with every name resolved and every expression
// bound, what the checker produces and the evaluator runs. Each keeps a pointer to its AST node
// for what needs no checking (labels, bins, audit fields); the AST must outlive it.

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "derive/crs_definition.h"
#include "query/ast.h"
#include "query/bound_expr.h"
#include "stats/correlation.h"
#include "stats/group_test.h"
#include "store/event_store.h"

namespace dayzero::query {

struct CheckedStatement;

namespace checked {

struct Events {
    const ast::EventsStmt* ast = nullptr;
    std::string patient;  // empty: every patient
    std::vector<store::EventKind> kinds;
    std::vector<std::string> codes;  // as recorded in the store
    std::vector<BoundPtr> scope;
};

struct Grades {
    std::string patient;  // empty: the whole trial
    std::vector<BoundPtr> scope;
};

struct Episodes {
    std::string patient;  // empty: every patient
    BoundPtr where;       // may use episode fields
    std::vector<BoundPtr> scope;
};

struct Measures {
    std::string patient;
};

struct Coverage {
    std::string patient;  // empty: every patient
    std::vector<BoundPtr> scope;
};

struct Patients {
    BoundPtr where;
    std::vector<BoundPtr> columns, scope;
};

struct Count {
    BoundPtr where, by;
    std::vector<BoundPtr> scope;
    bool ci = false;  // Clopper-Pearson interval of each percentage
};

struct Summarize {
    std::vector<BoundPtr> exprs;  // numbers
    BoundPtr by;
    std::vector<BoundPtr> scope;
};

struct Cohort {
    const ast::CohortStmt* ast = nullptr;
    BoundPtr where;
};

struct Drop {
    const ast::DropStmt* ast = nullptr;
};

struct Save {
    const ast::SaveStmt* ast = nullptr;
};

struct Compare {
    BoundPtr measure;  // a number, categories or a condition
    BoundPtr by;
    std::vector<BoundPtr> strata;
    stats::TestChoice test = stats::TestChoice::kDefault;
    bool categories = false;  // tabulated as category counts (conditions, grades, text)
};

struct Table1 {
    const ast::Table1Stmt* ast = nullptr;  // item labels and bins
    BoundPtr by;
    std::vector<BoundPtr> items;           // parallel to ast->items
    std::vector<stats::TestChoice> tests;  // parallel to ast->items
    std::vector<BoundPtr> scope;
};

struct Fold {
    std::string analyte;  // as written
    std::vector<BoundPtr> scope;
};

struct Roc {
    BoundPtr score;    // a number
    BoundPtr outcome;  // a condition
    std::vector<BoundPtr> scope;
};

struct Survival {
    const ast::SurvivalStmt* ast = nullptr;  // endpoint and time points
    BoundPtr by;
    std::vector<BoundPtr> scope;
};

struct Set {
    std::vector<ast::Setting> settings;  // the statement's setting, then its `with` ones
};

struct Reset {
    const ast::ResetStmt* ast = nullptr;
};

struct Show {
    const ast::ShowStmt* ast = nullptr;
};

struct History {
    ast::SourcePos pos;
    std::string patient;  // as written; empty for `history seq N`
    std::optional<uint64_t> seq;
};

struct Amend {
    ast::SourcePos pos;
    const ast::AmendStmt* ast = nullptr;
};

struct Retract {
    ast::SourcePos pos;
    const ast::RetractStmt* ast = nullptr;
};

struct Sign {
    ast::SourcePos pos;
    const ast::SignStmt* ast = nullptr;
};

struct Diff {
    const ast::DiffStmt* ast = nullptr;
    std::string patient;                      // as written; empty: every patient
    std::shared_ptr<CheckedStatement> inner;  // `on <statement>`, checked at the `to` point
};

// A model covariate: a number, a yes/no condition, or a category (text, or any value given a
// `ref` level) coded as indicators of each level against the reference.
struct Covariate {
    BoundPtr expr;
    bool category = false;
    std::optional<Value> reference;  // the chosen reference level; else the first level
};

struct Cox {
    const ast::CoxStmt* ast = nullptr;  // endpoint
    std::vector<Covariate> covariates;
    std::vector<BoundPtr> scope;
};

struct Logistic {
    BoundPtr outcome;  // a condition
    std::vector<Covariate> covariates;
    std::vector<BoundPtr> scope;
};

struct Incidence {
    const ast::IncidenceStmt* ast = nullptr;  // event and time points
    BoundPtr by;
    std::vector<BoundPtr> scope;
};

struct Correlate {
    BoundPtr x, y;  // numbers
    std::vector<BoundPtr> scope;
    stats::CorrelationMethod method = stats::CorrelationMethod::kSpearman;
};

using Body =
    std::variant<Events, Grades, Episodes, Measures, Patients, Count, Summarize, Cohort, Drop, Save,
                 Compare, Table1, Fold, Roc, Survival, Set, Reset, Show, History, Amend, Retract,
                 Sign, Diff, Correlate, Cox, Logistic, Incidence, Coverage>;

}  // namespace checked

// A checked statement: its own checked type in `body`, and the view it reads.
struct CheckedStatement {
    derive::CrsDefinition def;    // the session's definition plus this statement's `with`
    bool def_overridden = false;  // `with` changed something for this statement only
    store::AsOf as_of;            // the statement's or the session's point
    checked::Body body;
    std::vector<TextValueUse> text_values;  // checked against the data before the statement runs
};

}  // namespace dayzero::query
