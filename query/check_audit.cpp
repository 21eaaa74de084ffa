// Checking the audit statements: history, amend, retract, sign, diff.
#include <type_traits>

#include "query/check_statements.h"
#include "query/definitions.h"
#include "query/query_error.h"
#include "query/saved_cohorts.h"

namespace dayzero::query {

namespace {

// Corrections and signatures are refused without a stated reason or meaning.
void require_text(const std::string& text, const char* message, const ast::SourcePos& pos) {
    if (text.find_first_not_of(" \t") == std::string::npos) {
        throw QueryError(ErrorKind::kInvalid, message, pos);
    }
}

// Whether `diff ... on` can compare the statement's results: it must be a query, not a
// statement that changes the session or the log.
bool is_query(const ast::StatementBody& body) {
    return std::visit(
        [](const auto& s) {
            using T = std::decay_t<decltype(s)>;
            return !(std::is_same_v<T, ast::SetStmt> || std::is_same_v<T, ast::ResetStmt> ||
                     std::is_same_v<T, ast::CohortStmt> || std::is_same_v<T, ast::DropStmt> ||
                     std::is_same_v<T, ast::SaveStmt> || std::is_same_v<T, ast::AmendStmt> ||
                     std::is_same_v<T, ast::RetractStmt> || std::is_same_v<T, ast::SignStmt> ||
                     std::is_same_v<T, ast::DiffStmt> || std::is_same_v<T, ast::ShowStmt>);
        },
        body);
}

}  // namespace

checked::History check_body(const ast::HistoryStmt& s, const CheckContext& cx) {
    // The patient is taken as written: history reads the log, not the vocabulary of a view.
    checked::History c;
    c.pos = cx.statement.pos;
    if (s.patient) c.patient = s.patient->name;
    if (s.cohorts) c.patient = std::string(kCohortsPatient);
    if (s.definitions) c.patient = std::string(kDefinitionsPatient);
    c.seq = s.seq;
    return c;
}

checked::Amend check_body(const ast::AmendStmt& s, const CheckContext& cx) {
    require_text(s.reason, "a correction needs a non-empty reason", cx.statement.pos);
    if (!s.value && !s.text && !s.day && !s.time && !s.code) {
        throw QueryError(ErrorKind::kInvalid, "amend needs at least one new field",
                         cx.statement.pos);
    }
    return {cx.statement.pos, &s};
}

checked::Retract check_body(const ast::RetractStmt& s, const CheckContext& cx) {
    require_text(s.reason, "a correction needs a non-empty reason", cx.statement.pos);
    return {cx.statement.pos, &s};
}

checked::Sign check_body(const ast::SignStmt& s, const CheckContext& cx) {
    require_text(s.meaning, "a signature needs a meaning", cx.statement.pos);
    return {cx.statement.pos, &s};
}

checked::Diff check_body(const ast::DiffStmt& s, const CheckContext& cx) {
    checked::Diff c;
    c.ast = &s;
    if (s.patient) c.patient = s.patient->name;
    if (s.inner) {
        if (!is_query(s.inner->body)) {
            throw QueryError(ErrorKind::kInvalid,
                             "diff ... on needs a query statement (events, episodes, "
                             "compare, ...)",
                             s.inner->pos);
        }
        c.inner = std::make_shared<CheckedStatement>(cx.check_inner(*s.inner, resolve_point(s.to)));
    }
    return c;
}

}  // namespace dayzero::query
