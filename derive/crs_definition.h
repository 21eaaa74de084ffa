#pragma once
// CrsDefinition: the parameters of the ASTCT CRS grading and of the patient measures
// (docs/DERIVATIONS.md §2). The defaults are the ASTCT 2019 values listed there; analysts may
// change any of them.

#include <string>
#include <string_view>
#include <vector>

#include "text/ascii.h"

namespace dayzero::derive {

struct CrsDefinition {
    double fever_threshold_c = 38.0;    // fever(d): Tmax(d) >= this (°C, no rounding)
    int gap_days = 2;                   // consecutive CRS-negative days that end an episode
    double low_flow_limit_l_min = 6.0;  // low-flow nasal cannula above this is hypoxia level 3
    // Drugs whose dose on a day inside an episode masks it (fever no longer required).
    std::vector<std::string> masking_drugs = {"tocilizumab", "methylprednisolone", "dexamethasone",
                                              "prednisone", "hydrocortisone"};
    int window_first_day = 0;          // grading window, inclusive
    int window_last_day = 28;          // inclusive; the window also ends on the day of death
    bool window_ends_at_death = true;  // stop grading on the day of death
    double fall_window_hours = 72.0;   // "cytokine fell": next sample within this many hours
    int response_target_day = 28;      // day-28 response: assessment nearest this day ...
    int response_tolerance_days = 14;  // ... within this many days of it

    // True if a dose of `drug` (case-insensitive) masks fever under this definition.
    bool masks(std::string_view drug) const;

    // One line stating the definition, e.g. "ASTCT 2019: fever >= 38.0 C, gap 2 days, ...".
    std::string describe() const;

    // True when every parameter equals its default (docs/DERIVATIONS.md §2).
    bool is_default() const;
};

// The drug code of tocilizumab as recorded in dose events.
inline constexpr std::string_view kTocilizumab = "tocilizumab";

// Methylprednisolone-equivalent factor of a corticosteroid (docs/DERIVATIONS.md §8); 0 if not a
// steroid.
double methylprednisolone_factor(std::string_view drug);

// True for the corticosteroids counted as steroid doses (methylprednisolone, dexamethasone,
// prednisone, hydrocortisone), case-insensitive.
bool is_corticosteroid(std::string_view drug);

// Codes arrive in whatever case the source used: compared with text::iequals. The name stays here
// for query/ and shell/ callers written as derive::iequals.
using text::iequals;

}  // namespace dayzero::derive
