#pragma once
// Saved CRS definitions: a definition recorded in the store under a name (query/saved_cohorts.h
// has the record), written as the settings that rebuild it from the defaults, and the settings
// of `set` and `with`, where `definition NAME` brings a saved one in.

#include <string>
#include <vector>

#include "derive/crs_definition.h"
#include "query/ast.h"
#include "query/saved_cohorts.h"
#include "store/event_store.h"

namespace dayzero::query {

// Every setting of `def` in the language's `with` form ("fever 38.5 C, gap 2 days, ..."), so
// the record states the whole definition whatever the defaults become.
std::string definition_settings_text(const derive::CrsDefinition& def);

// The definition a saved record's settings give. Throws QueryError(kData) naming the record when
// they no longer read.
derive::CrsDefinition definition_from_record(const SavedCohort& record);

// The definition saved as `name` at `as_of`. Throws QueryError(kUnknownName) at the name, with
// the nearest saved name, when there is none.
SavedCohort find_saved_definition(const store::EventStore& store, const ast::NameRef& name,
                                  const store::AsOf& as_of);

// Applies `settings` to `def` in order; `definition NAME` replaces all of it by the definition
// saved at `as_of`. Returns the saved records brought in. Throws as apply_setting does.
std::vector<SavedCohort> apply_settings(derive::CrsDefinition& def,
                                        const std::vector<ast::Setting>& settings,
                                        const store::EventStore& store, const store::AsOf& as_of);

}  // namespace dayzero::query
