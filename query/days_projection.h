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

// Where for_each_patient_grades found the patients' grades.
enum class GradesSource {
    kProjection,  // every patient from the stored rows
    kTimelines,   // every patient derived from its timeline
    kMixed,       // the stored rows until a bad entry, then the timelines for the rest
};

// "projection", "timelines" or "mixed".
const char* grades_source_name(GradesSource source);

// What for_each_patient_grades did.
struct GradesPass {
    GradesSource source = GradesSource::kTimelines;
    uint64_t from_projection = 0;  // patients visited from stored rows
    uint64_t from_timelines = 0;   // patients derived from their timelines
    std::string why_timelines;     // why the projection was not (fully) used; "" if it was
};

// Called once per patient, in patient-id order; return false to stop.
using GradesVisitor = std::function<bool(const PatientGrades&)>;

// Streams every patient's daily grades and episodes under `def`: from the projection when it is
// current for `def`, else by deriving each timeline (store.for_each_patient + derive_patient). A
// malformed entry met midway switches to the timelines for that patient and the rest, so each
// patient is visited exactly once either way. Memory is bounded by one patient (plus the
// header's id list). Rows carry no evidence on either path (DailyGrade::why is empty). Fails
// only when the store cannot be read.
store::Result<GradesPass> for_each_patient_grades(const store::EventStore& store,
                                                  const derive::CrsDefinition& def,
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
