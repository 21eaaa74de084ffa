#pragma once
// Plans a patient's cytokine release syndrome: daily physiology over days 0..28 (fever,
// hypotension and hypoxia levels, intensity), tocilizumab and corticosteroid doses, and the
// ASTCT grades those observations must yield.

#include <vector>

#include "generator/patient_plan.h"
#include "generator/random_source.h"

namespace dayzero::generator {

// An episode as the day-level ASTCT rules see the plan.
struct PlannedEpisode {
    int onset = 0;
    int end = 0;
    int max_grade = 0;
};

// Fills plan.crs, plan.doses (tocilizumab, steroids for CRS), onset and death by CRS from the
// baseline in `plan`. Grades are computed by grade_plan; call it again after adding doses.
void plan_crs(RandomSource& rng, PatientPlan& plan);

// Marks treatment days from plan.doses, applies docs/DERIVATIONS.md §6 at day level to plan.crs
// (fever, hypotension and hypoxia levels, masking, 2-day gap, grade 5 on a CRS death), records the
// daily grades, max grade, onset and episode durations in the plan. Returns the episodes.
std::vector<PlannedEpisode> grade_plan(PatientPlan& plan);

// Tocilizumab amount for a weight: 8 mg/kg, at most 800 mg, to 0.1 mg.
double tocilizumab_mg(double weight_kg);

// Dexamethasone amount per dose: 10 mg, or 0.25 mg/kg below 40 kg (to 0.1 mg).
double dexamethasone_mg(double weight_kg);

}  // namespace dayzero::generator
