#pragma once
// The registry of named patient measures the language exposes (max_grade, crs_days, os_months,
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
    // The patients without a value ("without CRS"), for the notes of what a statement left out;
    // empty when every patient has one or the reason varies.
    std::string_view absent = "";
    // Set for a measure of the episodes (which `get` then ignores): a summary keeps them.
    Value (*from_episodes)(const std::vector<derive::Episode>&) = nullptr;
    // A value of the CRS grading: unknown (null) for a patient that cannot be graded
    // (docs/DERIVATIONS.md §3.1), and such patients are left out of statements that read it.
    bool graded = false;
};

// The measure `duration` was; the error for it names these (docs/DERIVATIONS.md, "Durations").
inline constexpr std::string_view kRenamedDuration =
    "'duration' is ambiguous and was renamed: first_duration (the first CRS episode; missing "
    "without CRS), worst_duration (the episode of the highest grade, the earliest on ties; "
    "missing without CRS) or crs_days (all CRS days; 0 without CRS). Within `episodes` statements "
    "'duration' is each episode's own";

// Every measure, in documentation order.
const std::vector<Measure>& all_measures();

// The measure called `name` (case-insensitive), or null.
const Measure* find_measure(std::string_view name);

}  // namespace dayzero::query
