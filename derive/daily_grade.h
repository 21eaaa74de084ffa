#pragma once
// DailyGrade: one row of the ASTCT daily CRS grade table (docs/DERIVATIONS.md §4–6).

#include <optional>

#include "derive/explanation.h"

namespace dayzero::derive {

struct DailyGrade {
    int day = 0;                   // day post-infusion
    std::optional<double> tmax_c;  // highest temperature recorded that day, °C
    bool fever = false;            // tmax_c >= fever threshold
    int hypotension_level = 0;     // 0, 2 (fluids), 3 (vasopressor), 4 (two at once)
    int hypoxia_level = 0;         // 0, 2, 3, 4 from the most intensive oxygen setting
    bool treatment = false;        // a masking drug (toci/steroid) was given that day
    bool masked = false;           // graded inside a masked episode (fever not required)
    bool crs_death = false;        // death from CRS on this day
    int grade = 0;                 // 0..5
    bool in_episode = false;       // between an episode's onset and end (inclusive)
    int episode = 0;               // 1-based episode number when in_episode, else 0
    Explanation why;               // the observations that set this row
};

}  // namespace dayzero::derive
