#include "query/checker.h"

#include "query/check_statements.h"
#include "query/definitions.h"
#include "query/read_path.h"

namespace dayzero::query {

namespace {

// Checks `s` at `as_of` under `def`: the names come from the vocabulary of that view.
CheckedStatement check_at(const ast::Statement& s, const store::AsOf& as_of,
                          const derive::CrsDefinition& def, const store::EventStore& store,
                          EngineState& state) {
    CheckedStatement c;
    c.as_of = as_of;
    c.def = def;
    const Catalog catalog(ReadPath(store, state).vocabulary(as_of, def), state);
    const ExprBinder binder(catalog);
    const CheckContext cx{s, binder, [&](const ast::Statement& inner, const store::AsOf& at) {
                              return check_at(inner, at, def, store, state);
                          }};
    c.body =
        std::visit([&](const auto& body) -> checked::Body { return check_body(body, cx); }, s.body);
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
    if (!is_set) {
        for (const auto& setting : s.with)
            apply_setting(def, setting);
    }
    CheckedStatement c = check_at(s, as_of, def, store, state);
    c.def_overridden = !is_set && !s.with.empty();
    return c;
}

}  // namespace dayzero::query
