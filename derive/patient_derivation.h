#pragma once
// derive_patient: the entry point turning one patient's timeline into daily CRS grades, episodes
// and patient measures. Pure computation: no I/O, no parser; memory bounded by one patient.

#include <span>
#include <string>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/daily_grade.h"
#include "derive/episode.h"
#include "derive/patient_measures.h"
#include "store/event.h"

namespace dayzero::derive {

struct PatientDerivation {
    std::string patient_id;
    std::vector<DailyGrade> days;   // one row per window day, in day order
    std::vector<Episode> episodes;  // in onset order
    PatientMeasures measures;
};

// Derives everything for one patient from its current-view timeline (corrections applied,
// timeline order: day, untimed before timed, minute, recording order). Events of other
// patients are not expected; retraction events carry no observation and are ignored.
// Never throws for any event content.
PatientDerivation derive_patient(const std::string& patient_id,
                                 std::span<const store::Event> timeline,
                                 const CrsDefinition& def = {});

}  // namespace dayzero::derive
