#pragma once
// IncidenceCurves: the cumulative-incidence curves behind an `incidence` result, attached to it so
// that a figure draws exactly what the table reports.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stats/competing_risks.h"

namespace dayzero::query {

struct IncidenceGroup {
    std::string label;            // a legend entry: "toci", "all patients"
    stats::IncidenceCurve curve;  // time in months
};

struct IncidenceCurves {
    std::string event;      // "relapse" or "nrm"
    std::string competing;  // "death without relapse" or "relapse"
    std::string by;
    std::vector<IncidenceGroup> groups;
    std::optional<double> gray_p;
    std::string gray_not_computable;
};

}  // namespace dayzero::query
