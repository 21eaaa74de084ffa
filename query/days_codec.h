#pragma once
// Binary encoding of the daily-grade projection (query/days_projection.h): one patient's daily
// ASTCT rows and episodes under one definition, and the projection's header. Every value starts
// with kDaysCodecVersion; a decoder answers false/nullopt for another version or malformed bytes
// (the caller then treats the projection as stale), never throws.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "derive/daily_grade.h"
#include "derive/episode.h"

namespace dayzero::query {

// Bump on any change to the layout or to the rules that derive what it holds: older values then
// read as stale and the writer rebuilds (2: an episode's masked_from_day is never after its end).
inline constexpr uint8_t kDaysCodecVersion = 2;

// One patient's daily grades and episodes (no evidence: DailyGrade::why stays empty).
struct PatientGrades {
    std::string patient_id;
    std::vector<derive::DailyGrade> days;   // one row per window day, in day order
    std::vector<derive::Episode> episodes;  // in onset order
};

// Encodes the rows (without their evidence) and the episodes of one patient.
std::string encode_days(const std::vector<derive::DailyGrade>& days,
                        const std::vector<derive::Episode>& episodes);

// Decodes `bytes` into out.days and out.episodes (reusing their capacity; patient_id is left
// alone); false for malformed bytes or another version, with `out` partly filled.
bool decode_days(std::string_view bytes, PatientGrades& out);

// The header entry: the log position and definition the rows reflect, and the patients that
// have an entry (in key order), so a reader notices a missing entry where it should be.
struct DaysHeader {
    uint64_t seq = 0;
    std::string definition;                // CrsDefinition::describe()
    std::vector<std::string> patient_ids;  // sorted
};

// Encodes a header for the patients `patient_ids`.
std::string encode_days_header(uint64_t seq, std::string_view definition,
                               const std::set<std::string>& patient_ids);

// Decodes a header (its patient ids only if `with_ids`); nullopt for malformed bytes or another
// version.
std::optional<DaysHeader> decode_days_header(std::string_view bytes, bool with_ids = true);

}  // namespace dayzero::query
