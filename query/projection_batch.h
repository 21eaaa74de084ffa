#pragma once
// The entries of the two stored projections (query.summaries, query.days), which are always
// derived in the same pass and written together with the same stamp. Shared by the refresh
// (summary_projection.cpp) and by the derivation of an import's patients as their events pass
// (import_projector.cpp); nothing else should need it.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "query/vocabulary.h"
#include "store/event.h"
#include "store/event_store.h"

namespace dayzero::query {

using ProjectionEntries = std::vector<std::pair<std::string, std::string>>;

// Entries of both projections, written together.
struct ProjectionBatch {
    ProjectionEntries summaries;
    ProjectionEntries days;
};

// One patient's entries, encoded: compact enough to hold for every patient of an import.
struct PatientEntries {
    std::pair<std::string, std::string> summary;  // "s" <id>: the summary
    std::pair<std::string, std::string> names;    // "v" <id>: codes and attributes of the timeline
    std::pair<std::string, std::string> days;     // the daily rows and episodes
    bool gradable = true;  // the summary's coverage: a temperature in the grading window
    size_t bytes() const;
};

// Summary entries, in key order: the header, then "s" <id> for every patient, then "v" <id>.
inline constexpr std::string_view kHeaderKey = "h";
inline constexpr char kSummaryPrefix = 's';
inline constexpr char kNamesPrefix = 'v';

// Derives patient `id`'s entries from its current timeline `events` (timeline order, corrections
// applied) under the projection's definition.
PatientEntries derive_patient_entries(const std::string& id, std::span<const store::Event> events);

// Moves `entries` of patient `id` into `out` and adds the patient and its names to `names`, unless
// `decoded` (the name entries added to `names` before) holds the same names; false when the names
// entry cannot be read back (never for entries derive_patient_entries made).
bool add_patient_entries(const std::string& id, PatientEntries entries, ProjectionBatch& out,
                         Vocabulary& names, std::unordered_set<std::string>& decoded);

// The entries that remove patient `id` from both projections (nothing of it is visible any more).
void add_patient_removal(const std::string& id, ProjectionBatch& out);

// Both headers, stamped `seq`, for the patients and names in `vocabulary`.
void add_headers(uint64_t seq, Vocabulary vocabulary, ProjectionBatch& out);

// Writes both projections, each atomically with its own stamp; a failure between the two leaves
// their stamps unequal, which the next refresh repairs by rebuilding both.
store::Status write_projection_batch(store::EventStore& store, const ProjectionBatch& batch,
                                     uint64_t stamp, bool replace_all);

}  // namespace dayzero::query
