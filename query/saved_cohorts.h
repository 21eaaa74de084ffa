#pragma once
// Saved cohorts and saved CRS definitions: a name and its text recorded in the store, so every
// session (and `dayzero query`) finds them and `as of` reads them like any other record.
//
// Encoding of a saved record, the one db::Database records and every reader decodes:
//   patient_id = kCohortsPatient ("~cohorts") for a cohort, kDefinitionsPatient ("~definitions")
//   for a definition ('~' cannot start an imported patient id)
//   kind = baseline, day 0, no time, code = the name as written, text = a cohort's condition (the
//   text after `patients where`) or a definition's settings (query/saved_definitions.h), value =
//   a cohort's size when saved (informational; none for a definition).
// Saving it again with another text amends that event; dropping it retracts it. Author, moment
// and reason are the transaction's, as for every other record.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/bound_expr.h"
#include "store/event_store.h"

namespace dayzero::query {

inline constexpr std::string_view kCohortsPatient = "~cohorts";
inline constexpr std::string_view kDefinitionsPatient = "~definitions";

// What a saved record names.
enum class SavedKind { kCohort, kDefinition };

// The system patient holding the records of `kind`.
std::string_view saved_patient(SavedKind kind);

// "cohort" or "definition", for messages.
std::string_view saved_noun(SavedKind kind);

// A saved record as of some point.
struct SavedCohort {
    uint64_t seq = 0;  // the event first saving it (amendments keep it)
    std::string name;
    std::string text;  // the condition, or the definition's settings
    int64_t size = 0;  // patients when saved (cohorts)
};

// The event that records `name` with `text` (and, for a cohort, `size` patients).
store::Event make_saved_cohort_event(const std::string& name, const std::string& text, int64_t size,
                                     SavedKind kind = SavedKind::kCohort);

// The text a saved cohort records for the bound `condition`: its source text, but with every
// cohort it mentions replaced by that cohort's own condition, in parentheses, as it was bound. A
// session's cohort captures the cohorts it mentions as they were when it was defined; stored by
// name, a saved one would instead follow a cohort it mentions when that one is replaced or
// dropped, and could come to mention itself.
// `as_written` is the condition's source text, returned when it mentions no cohort.
std::string self_contained_text(const BoundExpr& condition, const std::string& as_written);

// The records of `kind` saved at `as_of`, in the order they were first saved; throws
// QueryError(kData) when the store cannot be read.
std::vector<SavedCohort> read_saved_cohorts(const store::EventStore& store,
                                            const store::AsOf& as_of,
                                            SavedKind kind = SavedKind::kCohort);

// The record of `kind` saved under `name` (case-insensitive) at `as_of`, or nullopt; throws as
// read_saved_cohorts does.
std::optional<SavedCohort> find_saved_cohort(const store::EventStore& store,
                                             const std::string& name, const store::AsOf& as_of,
                                             SavedKind kind = SavedKind::kCohort);

}  // namespace dayzero::query
