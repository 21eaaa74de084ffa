// Checking the statements about patients' timelines: events, grades, episodes, measures,
// coverage, patients.
#include "query/check_statements.h"
#include "query/definitions.h"
#include "query/query_error.h"

namespace dayzero::query {

checked::Events check_body(const ast::EventsStmt& s, const CheckContext& cx) {
    checked::Events c;
    c.ast = &s;
    if (s.patient) c.patient = cx.catalog().patient(*s.patient);
    for (const auto& k : s.kinds)
        c.kinds.push_back(Catalog::kind(k));
    for (const auto& code : s.codes) {
        const store::EventKind* only = c.kinds.size() == 1 ? &c.kinds.front() : nullptr;
        c.codes.push_back(cx.catalog().code(code, only));
    }
    if (s.time.present) {
        if (s.time.between) cx.binder.check_anchor(s.time.from);
        cx.binder.check_anchor(s.time.to);
        if (!s.time.between && to_minutes(s.time.window, "h") < 0) {
            throw QueryError(ErrorKind::kType, "a time window cannot be negative",
                             s.time.window.pos);
        }
    }
    c.scope = cx.binder.conditions(s.scope, "within");
    return c;
}

checked::Grades check_body(const ast::GradesStmt& s, const CheckContext& cx) {
    checked::Grades c;
    if (s.patient) c.patient = cx.catalog().patient(*s.patient);
    c.scope = cx.binder.conditions(s.scope, "within");
    if (s.patient && !s.scope.empty()) {
        throw QueryError(ErrorKind::kInvalid,
                         "grades " + s.patient->name +
                             " shows one patient; 'within' selects patients for the "
                             "whole-cohort form (grades within COND;)",
                         s.scope.front()->pos);
    }
    return c;
}

checked::Episodes check_body(const ast::EpisodesStmt& s, const CheckContext& cx) {
    checked::Episodes c;
    if (s.patient) c.patient = cx.catalog().patient(*s.patient);
    if (s.where) c.where = cx.binder.condition(s.where, "where", true);
    c.scope = cx.binder.conditions(s.scope, "within");
    return c;
}

checked::Measures check_body(const ast::MeasuresStmt& s, const CheckContext& cx) {
    return {cx.catalog().patient(s.patient)};
}

checked::Coverage check_body(const ast::CoverageStmt& s, const CheckContext& cx) {
    checked::Coverage c;
    if (s.patient) c.patient = cx.catalog().patient(*s.patient);
    c.scope = cx.binder.conditions(s.scope, "within");
    if (s.patient && !s.scope.empty()) {
        throw QueryError(ErrorKind::kInvalid,
                         "coverage " + s.patient->name +
                             " shows one patient; 'within' selects patients for the "
                             "whole-cohort form (coverage within COND;)",
                         s.scope.front()->pos);
    }
    return c;
}

checked::Patients check_body(const ast::PatientsStmt& s, const CheckContext& cx) {
    checked::Patients c;
    if (s.where) c.where = cx.binder.condition(s.where, "where");
    c.scope = cx.binder.conditions(s.scope, "within");
    c.columns = cx.binder.bind_all(s.columns);
    return c;
}

}  // namespace dayzero::query
