#pragma once
// GradingCoverage: which inputs of the ASTCT grade a patient's grading window holds, and whether
// the patient can be graded at all (docs/DERIVATIONS.md §3.1).

#include <vector>

#include "derive/daily_grade.h"

namespace dayzero::derive {

struct GradingCoverage {
    int window_days = 0;       // days in the grading window
    int temperature_days = 0;  // window days with a temperature reading
    int sbp_days = 0;          // window days with a systolic blood pressure
    int oxygen_days = 0;       // window days with an oxygen record
    int vasopressor_days = 0;  // window days with a vasopressor start/stop or hypotension_fluids
    int dose_days = 0;         // window days with a masking (tocilizumab/steroid) dose
    bool crs_death = false;    // the window ends at a death from CRS (grade 5 whatever else)
    // Fever is the entry criterion of CRS: without any temperature the grade is unknown, unless
    // a CRS death makes it 5.
    bool gradable() const { return temperature_days > 0 || crs_death; }
};

// What the daily rows alone show: window, temperature and dose days, CRS death (the other
// counts stay 0). Enough for gradable(): readers of stored daily rows use it.
GradingCoverage rows_coverage(const std::vector<DailyGrade>& rows);

}  // namespace dayzero::derive
