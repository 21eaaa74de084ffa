#pragma once
// The registry of named patient measures the language exposes (max_grade, duration, os_months,
// ...), each read from a patient's derivation. docs/QUERY.md lists them.

#include <string_view>
#include <vector>

#include "derive/patient_derivation.h"
#include "query/bound_expr.h"

namespace dayzero::query {

struct Measure {
    std::string_view name;
    ValueType type;
    std::string_view unit;  // "days", "hours", "months", "mg", "grade", "" ...
    bool categorical;       // tabulated as categories by count/table1
    std::string_view description;
    // Reads only the scalar fields of `measures` (no baseline, labs, episodes or daily rows):
    // a summary read in place fills only those (query/summary_view.h).
    Value (*get)(const derive::PatientDerivation&);
};

// Every measure, in documentation order.
const std::vector<Measure>& all_measures();

// The measure called `name` (case-insensitive), or null.
const Measure* find_measure(std::string_view name);

}  // namespace dayzero::query
