#pragma once
// Catalog: every name a statement may use, in one place: the store's vocabulary at the
// statement's point (patients, codes, baseline attributes), the session's cohorts and the
// measure registry. Lookups that fail throw QueryError(kUnknownName) with the nearest valid name.

#include <map>
#include <string>
#include <vector>

#include "query/ast.h"
#include "query/engine_state.h"
#include "query/measures.h"
#include "query/vocabulary.h"
#include "store/event.h"

namespace dayzero::query {

// Episode fields `episodes where ...` may use besides patient measures.
std::vector<std::string> episode_field_names();
// The unit of episode field `field` as measures name theirs ("days", "hours", "grade"; "" for
// counts and yes/no).
std::string_view episode_field_unit(std::string_view field);

class Catalog {
  public:
    // All must outlive the catalog; `saved` holds the cohorts saved in the store at the
    // statement's point, keyed by lower-case name (a session's cohort of the same name wins).
    Catalog(const Vocabulary& vocabulary, const EngineState& state,
            const std::map<std::string, CohortDef>* saved = nullptr)
        : vocabulary_(vocabulary), state_(state), saved_(saved) {}

    // The patient `ref` names, or throws.
    std::string patient(const ast::NameRef& ref) const;
    // The code `ref` names as recorded in the store (of `kind`, when not null), or throws.
    std::string code(const ast::NameRef& ref, const store::EventKind* kind) const;
    // The event kind `ref` names, or throws.
    static store::EventKind kind(const ast::NameRef& ref);

    // The session's or else the saved cohort called `name` (case-insensitive), or null.
    const CohortDef* cohort(const std::string& name) const;
    // The named measure `name`, or null.
    static const Measure* measure(const std::string& name) { return find_measure(name); }
    // Baseline attributes and their types.
    const std::map<std::string, ValueType>& attributes() const { return vocabulary_.attributes(); }
    // Every name an expression may use (for suggestions), episode fields first when allowed.
    std::vector<std::string> names_in_scope(bool episode_scope) const;

  private:
    const Vocabulary& vocabulary_;
    const EngineState& state_;
    const std::map<std::string, CohortDef>* saved_;
};

}  // namespace dayzero::query
