#include "query/checker.h"

#include "query/check_statements.h"
#include "query/definitions.h"
#include "query/parser.h"
#include "query/query_error.h"
#include "query/read_path.h"
#include "query/saved_cohorts.h"
#include "query/saved_definitions.h"

namespace dayzero::query {

namespace {

// The cohorts saved at `as_of`, each checked against that view's names in the order they were
// saved (so one may use an earlier one). A condition that no longer checks (an attribute that
// the view lacks) keeps its error; using that cohort reports it.
std::map<std::string, CohortDef> saved_cohorts(const store::AsOf& as_of,
                                               const Vocabulary& vocabulary,
                                               const store::EventStore& store,
                                               const EngineState& state) {
    std::map<std::string, CohortDef> saved;
    for (const SavedCohort& record : read_saved_cohorts(store, as_of)) {
        CohortDef def{record.name, nullptr, record.text, record.size, record.seq, {}};
        try {
            const std::string text = "count patients where " + record.text + ";";
            const ast::Statement parsed = parse_statement(text, {0, text.size(), true});
            const auto& count = std::get<ast::CountStmt>(parsed.body);
            const Catalog catalog(vocabulary, state, &saved);
            def.predicate = ExprBinder(catalog).condition(count.where, "a cohort definition");
        } catch (const QueryError& e) {
            def.error = e.what();
        }
        saved[to_lower(record.name)] = std::move(def);
    }
    return saved;
}

// Checks `s` at `as_of` under `def`: the names come from the vocabulary of that view.
CheckedStatement check_at(const ast::Statement& s, const store::AsOf& as_of,
                          const derive::CrsDefinition& def, const store::EventStore& store,
                          EngineState& state) {
    CheckedStatement c;
    c.as_of = as_of;
    c.def = def;
    const Vocabulary& vocabulary = ReadPath(store, state).vocabulary(as_of, def);
    const auto saved = saved_cohorts(as_of, vocabulary, store, state);
    const Catalog catalog(vocabulary, state, &saved);
    const ExprBinder binder(catalog);
    const CheckContext cx{s, binder, [&](const ast::Statement& inner, const store::AsOf& at) {
                              return check_at(inner, at, def, store, state);
                          }};
    c.body =
        std::visit([&](const auto& body) -> checked::Body { return check_body(body, cx); }, s.body);
    c.text_values = binder.text_values();
    return c;
}

}  // namespace

CheckedStatement check_statement(const ast::Statement& s, const store::EventStore& store,
                                 EngineState& state) {
    store::AsOf as_of = state.as_of;
    if (s.as_of) as_of = resolve_point(*s.as_of);
    // `set` applies its `with` settings to the session (check_body of SetStmt), not to itself.
    const bool is_set = std::holds_alternative<ast::SetStmt>(s.body);
    derive::CrsDefinition def = state.definition;
    if (!is_set) apply_settings(def, s.with, store, as_of);
    CheckedStatement c = check_at(s, as_of, def, store, state);
    c.def_overridden = !is_set && !s.with.empty();
    return c;
}

}  // namespace dayzero::query
