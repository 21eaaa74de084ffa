#pragma once
// Measures builder (internal): the patient-level measures of docs/DERIVATIONS.md §8 from the
// timeline and the already-derived daily grades and episodes.

#include <optional>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/daily_grade.h"
#include "derive/episode.h"
#include "derive/patient_measures.h"
#include "derive/timeline_view.h"

namespace dayzero::derive::detail {

// The latest baseline weight_kg in timeline order, if any.
std::optional<double> baseline_weight(const TimelineView& view);

// The grading inputs of the window the daily rows `rows` cover (docs/DERIVATIONS.md §3.1).
GradingCoverage grading_coverage(const TimelineView& view, const std::vector<DailyGrade>& rows);

// Everything in PatientMeasures except the per-lab summaries.
PatientMeasures build_measures(const TimelineView& view, const CrsDefinition& def,
                               const std::vector<DailyGrade>& rows,
                               const std::vector<Episode>& episodes,
                               std::optional<double> weight_kg);

// Fills measures.labs (baseline, peak before first toci, fold change, fell after toci).
void build_lab_measures(const TimelineView& view, const CrsDefinition& def,
                        PatientMeasures& measures);

}  // namespace dayzero::derive::detail
