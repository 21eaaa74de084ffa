#include "derive/crs_definition.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace dayzero::derive {
namespace {

struct SteroidFactor {
    std::string_view drug;
    double factor;
};

// Methylprednisolone equivalence by anti-inflammatory potency (docs/DERIVATIONS.md §8):
// dexamethasone 0.75 mg ~ methylprednisolone 4 mg.
constexpr std::array<SteroidFactor, 4> kSteroidFactors{{
    {"methylprednisolone", 1.0},
    {"dexamethasone", 4.0 / 0.75},
    {"prednisone", 0.8},
    {"hydrocortisone", 0.2},
}};

// Shortest exact rendering, with ".0" on whole numbers so thresholds read as measurements.
std::string number_text(double value) {
    std::string text = fmt::format("{}", value);
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
}

}  // namespace

double methylprednisolone_factor(std::string_view drug) {
    for (const auto& entry : kSteroidFactors) {
        if (iequals(entry.drug, drug)) return entry.factor;
    }
    return 0.0;
}

bool is_corticosteroid(std::string_view drug) {
    return methylprednisolone_factor(drug) > 0.0;
}

bool CrsDefinition::masks(std::string_view drug) const {
    for (const auto& masking : masking_drugs) {
        if (iequals(masking, drug)) return true;
    }
    return false;
}

std::string CrsDefinition::describe() const {
    std::string drugs;
    for (const auto& drug : masking_drugs) {
        if (!drugs.empty()) drugs += ",";
        drugs += drug;
    }
    if (drugs.empty()) drugs = "none";
    return fmt::format(
        "ASTCT 2019{}: fever >= {} C; episode ends after {} CRS-negative days; low-flow O2 > {} "
        "L/min is grade 3; masking drugs {}; window days {}..{}{}; cytokine fall within {} h; "
        "response day {} +/- {}",
        is_default() ? "" : " (modified)", number_text(fever_threshold_c), gap_days,
        number_text(low_flow_limit_l_min), drugs, window_first_day, window_last_day,
        window_ends_at_death ? " or death" : "", number_text(fall_window_hours),
        response_target_day, response_tolerance_days);
}

bool CrsDefinition::is_default() const {
    const CrsDefinition defaults;
    return fever_threshold_c == defaults.fever_threshold_c && gap_days == defaults.gap_days &&
           low_flow_limit_l_min == defaults.low_flow_limit_l_min &&
           masking_drugs == defaults.masking_drugs &&
           window_first_day == defaults.window_first_day &&
           window_last_day == defaults.window_last_day &&
           window_ends_at_death == defaults.window_ends_at_death &&
           fall_window_hours == defaults.fall_window_hours &&
           response_target_day == defaults.response_target_day &&
           response_tolerance_days == defaults.response_tolerance_days;
}

}  // namespace dayzero::derive
