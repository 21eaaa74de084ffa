#pragma once
// Episode scan (internal): applies the ASTCT episode and masking rules to the daily features,
// setting each row's grade, and collects the episodes with their treatment.

#include <cstdint>
#include <optional>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/daily_features.h"
#include "derive/daily_grade.h"
#include "derive/episode.h"
#include "derive/timeline_view.h"

namespace dayzero::derive::detail {

// Scans `rows` in day order: grades every day and returns the episodes. `first_treatment` is
// daily_features' per-row first masking dose (view index or -1).
std::vector<Episode> scan_episodes(std::vector<DailyGrade>& rows, const TimelineView& view,
                                   const CrsDefinition& def, const GradingWindow& window,
                                   const std::vector<int32_t>& first_treatment,
                                   std::optional<double> weight_kg);

}  // namespace dayzero::derive::detail
