#pragma once
// The stored daily-grade projection, `query.days`: every patient's daily ASTCT rows and episodes
// under the default CRS definition, kept beside the summaries (query/summary_projection.h) and
// written in the same refresh, so a cohort-wide derivation reads ~35 short rows per patient
// instead of re-deriving ~440 events. Never authoritative: used only while its stamp and header
// equal the log's last sequence number and the caller's definition equals the stored one.

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/patient_derivation.h"
#include "query/days_codec.h"
#include "store/event_store.h"

namespace dayzero::query {

// The projection's name in the store.
inline constexpr std::string_view kDaysProjection = "query.days";

// Called once per patient, in patient-id order; return false to stop.
using GradesVisitor = std::function<bool(const PatientGrades&)>;

// What reading the stored rows gave: patients visited (ids[0..visited) in order), whether the
// visitor stopped, and the problem that leaves the rest to the timelines ("" if none).
struct StoredDaysScan {
    std::vector<std::string> ids;
    size_t visited = 0;
    bool stopped = false;
    std::string problem;
};

// Visits the stored rows in patient-id order while the projection is current for `def` and its
// entries are well formed; never reads a timeline (for_each_patient_grades in
// query/read_path.h does, for what this leaves).
StoredDaysScan scan_stored_days(const store::EventStore& store, const derive::CrsDefinition& def,
                                const GradesVisitor& visit);

// The entry holding `derived`'s rows and episodes for patient `id`.
std::pair<std::string, std::string> days_entry(const std::string& id,
                                               const derive::PatientDerivation& derived);

// The entry that removes patient `id` from the projection.
std::pair<std::string, std::string> days_removal(const std::string& id);

// The header entry: stamp `seq`, `definition`, and the patients that have entries.
std::pair<std::string, std::string> days_header_entry(uint64_t seq, std::string_view definition,
                                                      const std::set<std::string>& patient_ids);

// The stored header (seq and definition only), whatever the stamp; nullopt if missing or
// malformed.
std::optional<DaysHeader> read_days_header(const store::EventStore& store);

}  // namespace dayzero::query
