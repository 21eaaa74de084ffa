#pragma once
// Internal to the checker: one check function per statement, each turning its AST type into its
// checked type (checked.h). Throws QueryError (kUnknownName, kType, kInvalid).

#include <functional>

#include "query/ast.h"
#include "query/checked.h"
#include "query/expr_binder.h"

namespace dayzero::query {

// What a statement's check reads besides its own AST node.
struct CheckContext {
    const ast::Statement& statement;  // the whole statement: position, `with` clause
    const ExprBinder& binder;         // expressions, and through it the catalog
    // Checks `diff ... on`'s statement at the `to` point, under this statement's definition.
    std::function<CheckedStatement(const ast::Statement&, const store::AsOf&)> check_inner;

    const Catalog& catalog() const { return binder.catalog(); }
};

// Statements about patients' timelines (check_patient.cpp).
checked::Events check_body(const ast::EventsStmt& s, const CheckContext& cx);
checked::Grades check_body(const ast::GradesStmt& s, const CheckContext& cx);
checked::Episodes check_body(const ast::EpisodesStmt& s, const CheckContext& cx);
checked::Measures check_body(const ast::MeasuresStmt& s, const CheckContext& cx);
checked::Patients check_body(const ast::PatientsStmt& s, const CheckContext& cx);
checked::Coverage check_body(const ast::CoverageStmt& s, const CheckContext& cx);

// Statements over the cohort (check_cohort.cpp).
checked::Count check_body(const ast::CountStmt& s, const CheckContext& cx);
checked::Summarize check_body(const ast::SummarizeStmt& s, const CheckContext& cx);
checked::Compare check_body(const ast::CompareStmt& s, const CheckContext& cx);
checked::Table1 check_body(const ast::Table1Stmt& s, const CheckContext& cx);
checked::Fold check_body(const ast::FoldStmt& s, const CheckContext& cx);
checked::Roc check_body(const ast::RocStmt& s, const CheckContext& cx);
checked::Survival check_body(const ast::SurvivalStmt& s, const CheckContext& cx);

// Correlation of two measures (check_correlate.cpp).
checked::Correlate check_body(const ast::CorrelateStmt& s, const CheckContext& cx);

// Session statements (check_session.cpp).
checked::Cohort check_body(const ast::CohortStmt& s, const CheckContext& cx);
checked::Drop check_body(const ast::DropStmt& s, const CheckContext& cx);
checked::Save check_body(const ast::SaveStmt& s, const CheckContext& cx);
checked::Set check_body(const ast::SetStmt& s, const CheckContext& cx);
checked::Reset check_body(const ast::ResetStmt& s, const CheckContext& cx);
checked::Show check_body(const ast::ShowStmt& s, const CheckContext& cx);

// Audit statements (check_audit.cpp).
checked::History check_body(const ast::HistoryStmt& s, const CheckContext& cx);
checked::Amend check_body(const ast::AmendStmt& s, const CheckContext& cx);
checked::Retract check_body(const ast::RetractStmt& s, const CheckContext& cx);
checked::Sign check_body(const ast::SignStmt& s, const CheckContext& cx);
checked::Diff check_body(const ast::DiffStmt& s, const CheckContext& cx);

// Models (check_models.cpp).
checked::Cox check_body(const ast::CoxStmt& s, const CheckContext& cx);
checked::Logistic check_body(const ast::LogisticStmt& s, const CheckContext& cx);
checked::Incidence check_body(const ast::IncidenceStmt& s, const CheckContext& cx);

}  // namespace dayzero::query
