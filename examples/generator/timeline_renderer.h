#pragma once
// Renders a PatientPlan into the observations a trial would record: baseline attributes,
// lymphodepletion, the infusion, vital signs, oxygen and vasopressor changes, doses, labs,
// ICANS, infections and outcomes, as canonical events in timeline order.

#include <vector>

#include "examples/generator/patient_plan.h"
#include "store/event.h"

namespace dayzero::generator {

// Day of the baseline (screening) attributes.
inline constexpr int kBaselineDay = -7;

// Product code of the CAR-T infusion.
inline constexpr const char* kProductCode = "cart19";

// The plan's events sorted by day, then time (untimed first), then generation order. Uses the
// plan's seed for measurement noise, so the same plan always renders the same events.
std::vector<store::Event> render_timeline(const PatientPlan& plan);

}  // namespace dayzero::generator
