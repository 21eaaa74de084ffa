#pragma once
// SurvivalCurves: the Kaplan-Meier fits behind a `survival` result, attached to it so that a
// figure draws exactly what the table reports (same patients, definition, as-of point, groups).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/kaplan_meier.h"

namespace dayzero::query {

struct SurvivalCurve {
    std::string label;          // a legend entry: "toci", "max_grade = 2", "all patients"
    stats::KaplanMeierFit fit;  // time in months
};

struct SurvivalCurves {
    std::string endpoint;               // "os" or "pfs"
    std::string by;                     // the `by` expression as labelled; empty for one group
    std::vector<SurvivalCurve> groups;  // in the table's row order
    std::optional<double> log_rank_p;
    std::string log_rank_not_computable;  // why there is no p (one group, no events, ...)
    int64_t without_group = 0;            // patients left out: no value of `by`
    int64_t without_follow_up = 0;        // patients left out: no survival time
};

}  // namespace dayzero::query
