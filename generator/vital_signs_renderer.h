#pragma once
// Renders the bedside observations of a plan: temperatures (4-6 a day with clock times),
// systolic pressures, oxygen setting changes, vasopressor starts/stops and fluid-treated
// hypotension, timed so that the day-level ASTCT rules see exactly the planned levels.

#include "generator/event_list.h"
#include "generator/patient_plan.h"
#include "generator/random_source.h"

namespace dayzero::generator {

// Follow-up visit days after the CRS window (vital signs and a small lab panel).
inline constexpr std::array<int, 15> kVisitDays{42,  56,  90,  120, 180, 270,  365, 450,
                                                545, 635, 730, 820, 910, 1000, 1095};

// True if something at `day`/`minute` happens before the patient's death (or there is none).
bool observable(const PatientPlan& plan, int day, int minute);

// Adds temperatures, systolic pressures, oxygen, vasopressor and fluid events to `out`.
void render_vital_signs(const PatientPlan& plan, RandomSource& rng, EventList& out);

}  // namespace dayzero::generator
