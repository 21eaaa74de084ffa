#pragma once
// Daily features (internal): the per-day inputs of the ASTCT grade — Tmax, hypotension and
// hypoxia levels, treatment days, CRS death — before episodes and masking are applied.

#include <cstdint>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/daily_grade.h"
#include "derive/timeline_view.h"

namespace dayzero::derive::detail {

// The days graded: [first, last], empty when last < first.
struct GradingWindow {
    int first = 0;
    int last = -1;
    int32_t death_index = -1;  // view index of the death event that ended the window, or -1
    bool crs_death = false;    // that death was caused by CRS
    int size() const { return last >= first ? last - first + 1 : 0; }
};

// The window for this timeline: the definition's days, ending early on the first death.
GradingWindow grading_window(const TimelineView& view, const CrsDefinition& def);

// One row per window day with tmax/fever/hypotension/hypoxia/treatment/crs_death and their
// evidence filled in; grade, masking and episode fields are left for the episode scan.
// `first_treatment[i]` receives the view index of the first masking dose on row i's day, or -1.
std::vector<DailyGrade> daily_features(const TimelineView& view, const CrsDefinition& def,
                                       const GradingWindow& window,
                                       std::vector<int32_t>& first_treatment);

// Hypoxia level of one oxygen setting (docs/DERIVATIONS.md §4.2).
int oxygen_level(const store::Event& oxygen, const CrsDefinition& def);

}  // namespace dayzero::derive::detail
