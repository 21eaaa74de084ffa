#pragma once
// UnitTable: the accepted spellings of units per kind (and per lab analyte) and their factors to
// the canonical unit. Internal to the import rules; tests reach it through event_rules.h.

#include <optional>
#include <string>
#include <string_view>

#include "store/event.h"

namespace dayzero::importers {

struct UnitConversion {
    std::string_view canonical;  // canonical unit written on the event
    double factor = 1.0;         // canonical = value × factor (except Fahrenheit)
    bool fahrenheit = false;     // canonical = (value − 32) × 5/9
    std::string_view per;        // per-body-size attribute ("weight_kg", "bsa_m2") or empty
};

// The conversion of `unit_key` (see unit_key()) for this kind and code; nullopt if the unit is not
// accepted. For lab analytes not in the table any unit is accepted unchanged (`passthrough`).
std::optional<UnitConversion> find_conversion(store::EventKind kind, std::string_view code,
                                              std::string_view unit_key, bool& passthrough);

// The canonical unit of a kind/code, used when a file leaves the unit empty ("" if none).
std::string_view default_unit(store::EventKind kind, std::string_view code);

}  // namespace dayzero::importers
