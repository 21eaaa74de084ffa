#pragma once
// PatientCourse: one patient's timeline and its derivation behind a `grades PATIENT` result,
// attached to it so that the case-report figure draws exactly what the table reports (the same
// events, definition in force and as-of point).

#include <string>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/patient_derivation.h"
#include "store/event_store.h"

namespace dayzero::query {

struct PatientCourse {
    std::string patient;
    std::vector<store::Event> events;   // the current view at `as_of`, in timeline order
    derive::CrsDefinition definition;   // the definition the grades were derived under
    derive::PatientDerivation derived;  // daily grades (with evidence), episodes, measures
    store::AsOf as_of;
};

}  // namespace dayzero::query
