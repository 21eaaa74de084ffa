#pragma once
// UnitTable: the accepted spellings of units per kind (and per lab analyte) and their factors to
// the canonical unit, and the lab analytes with their aliases. The vocabulary is data:
// importers/mappings/units.json, read once. Internal to the import rules; tests reach it through
// event_rules.h.

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
// accepted. Baseline attributes without a unit list accept any unit unchanged (`passthrough`).
std::optional<UnitConversion> find_conversion(store::EventKind kind, std::string_view code,
                                              std::string_view unit_key, bool& passthrough);

// The canonical unit of a kind/code, used when a file leaves the unit empty ("" if none).
std::string_view default_unit(store::EventKind kind, std::string_view code);

// The canonical code of a lab analyte as written ("IL-6", "Interleukin 6" -> "IL6"); nullopt
// when units.json does not know it.
std::optional<std::string> lab_analyte(std::string_view written);

// Why units.json cannot be used ("" when it was read).
const std::string& units_file_error();

}  // namespace dayzero::importers
