// Checking the session statements: cohort, drop cohort, save cohort, set, reset, show.
#include "query/check_statements.h"
#include "query/query_error.h"

namespace dayzero::query {

checked::Cohort check_body(const ast::CohortStmt& s, const CheckContext& cx) {
    checked::Cohort c;
    c.ast = &s;
    // A cohort is a condition, judged under the definition and at the point of each statement
    // that uses it: settings or a point given here would change only the size printed now.
    if (!cx.statement.with.empty() || cx.statement.as_of) {
        throw QueryError(ErrorKind::kInvalid,
                         std::string("a cohort is judged under the definition and at the point of "
                                     "each statement that uses it, so '") +
                             (cx.statement.with.empty() ? "as of" : "with") +
                             "' here would change only the size printed; give it to the "
                             "statements that use " +
                             s.name.name + " (or set it for the session: set ...; / .asof)",
                         cx.statement.with.empty() ? cx.statement.as_of->pos
                                                   : cx.statement.with.front().name.pos);
    }
    c.where = cx.binder.condition(s.where, "a cohort definition");
    if (Catalog::measure(s.name.name) != nullptr ||
        cx.catalog().attributes().count(s.name.name) > 0) {
        throw QueryError(
            ErrorKind::kInvalid,
            "'" + s.name.name + "' is already a measure or attribute; choose another name",
            s.name.pos, static_cast<int>(s.name.name.size()));
    }
    return c;
}

checked::Drop check_body(const ast::DropStmt& s, const CheckContext&) {
    return {&s};
}

checked::Save check_body(const ast::SaveStmt& s, const CheckContext&) {
    return {&s};
}

checked::Set check_body(const ast::SetStmt& s, const CheckContext& cx) {
    // `set X with Y` changes the session by both: the `with` clause does not override for one
    // statement here, it extends the change.
    checked::Set c;
    c.settings.push_back(s.setting);
    c.settings.insert(c.settings.end(), cx.statement.with.begin(), cx.statement.with.end());
    return c;
}

checked::Reset check_body(const ast::ResetStmt& s, const CheckContext&) {
    return {&s};
}

checked::Show check_body(const ast::ShowStmt& s, const CheckContext&) {
    return {&s};
}

}  // namespace dayzero::query
