#pragma once
// Plans one synthetic patient end to end: baseline, CRS (via crs_planner), ICANS, infections,
// G-CSF, day-28 response, relapse, death and last contact.

#include <cstdint>
#include <string>

#include "generator/patient_plan.h"

namespace dayzero::generator {

// First infusion date of the synthetic trial (2021-12-01) and the data cut-off (2024-12-31), as
// days since 1970-01-01.
inline constexpr int64_t kFirstInfusionEpochDay = 18962;
inline constexpr int64_t kCutoffEpochDay = 20088;

// The external id of patient `index` (0-based), zero-padded to `width` digits: "P0007".
std::string patient_id(uint64_t index, int width);

// Plans patient `index` of the cohort with seed `cohort_seed`; the same inputs always give the
// same plan, whatever the cohort size.
PatientPlan plan_patient(uint64_t cohort_seed, uint64_t index, int id_width);

}  // namespace dayzero::generator
