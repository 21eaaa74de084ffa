#pragma once
// Renders a PatientPlan into the observations a trial would record: baseline attributes,
// lymphodepletion, the infusion, vital signs, oxygen and vasopressor changes, doses, labs,
// ICANS, infections and outcomes, as canonical events in timeline order.

#include <vector>

#include "generator/patient_plan.h"
#include "store/event.h"

namespace dayzero::generator {

// Day of the screening visit (weight) and of the demographic attributes (age, sex, centre, arm,
// blasts, prior lines, allo-SCT, high risk).
inline constexpr int kScreeningDay = -7;
inline constexpr int kDemographicsDay = 0;

// Product code of the CAR-T infusion (EXTRT TISAGENLECLEUCEL in SDTM).
inline constexpr const char* kProductCode = "tisagenlecleucel";

// The plan's events sorted by day, then time (untimed first), then generation order. Uses the
// plan's seed for measurement noise, so the same plan always renders the same events.
std::vector<store::Event> render_timeline(const PatientPlan& plan);

}  // namespace dayzero::generator
