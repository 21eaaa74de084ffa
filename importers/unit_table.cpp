#include "importers/unit_table.h"

#include <array>

namespace dayzero::importers {
namespace {

using store::EventKind;

struct UnitRow {
    std::string_view key;  // unit_key() spelling
    UnitConversion conversion;
};

constexpr double kOneThousandth = 0.001;

constexpr UnitConversion conv(std::string_view canonical, double factor = 1.0,
                              bool fahrenheit = false, std::string_view per = {}) {
    return UnitConversion{canonical, factor, fahrenheit, per};
}

constexpr std::array kTempUnits{
    UnitRow{"c", conv("C")},
    UnitRow{"°c", conv("C")},
    UnitRow{"degc", conv("C")},
    UnitRow{"celsius", conv("C")},
    UnitRow{"f", conv("C", 1.0, true)},
    UnitRow{"°f", conv("C", 1.0, true)},
    UnitRow{"degf", conv("C", 1.0, true)},
    UnitRow{"fahrenheit", conv("C", 1.0, true)},
};
constexpr std::array kPressureUnits{UnitRow{"mmhg", conv("mmHg")}};
constexpr std::array kFlowUnits{UnitRow{"l/min", conv("L/min")}, UnitRow{"lpm", conv("L/min")},
                                UnitRow{"l", conv("L/min")}};
constexpr std::array kVasopressorUnits{
    UnitRow{"ug/kg/min", conv("mcg/kg/min")}, UnitRow{"ug/min", conv("mcg/min")},
    UnitRow{"u/min", conv("U/min")},          UnitRow{"units/min", conv("U/min")},
    UnitRow{"iu/min", conv("U/min")},
};
constexpr std::array kDoseUnits{
    UnitRow{"mg", conv("mg")},
    UnitRow{"g", conv("mg", 1000.0)},
    UnitRow{"ug", conv("mg", kOneThousandth)},
    UnitRow{"mg/kg", conv("mg", 1.0, false, "weight_kg")},
    UnitRow{"mg/m2", conv("mg", 1.0, false, "bsa_m2")},
    UnitRow{"mg/m^2", conv("mg", 1.0, false, "bsa_m2")},
    UnitRow{"mg/m²", conv("mg", 1.0, false, "bsa_m2")},
};
constexpr std::array kInfusionUnits{
    UnitRow{"10^6cells/kg", conv("10^6 cells/kg")},
    UnitRow{"10^6/kg", conv("10^6 cells/kg")},
    UnitRow{"cells/kg", conv("10^6 cells/kg", 1e-6)},
};
constexpr std::array kCytokineUnits{UnitRow{"pg/ml", conv("pg/mL")}, UnitRow{"ng/l", conv("pg/mL")},
                                    UnitRow{"ng/ml", conv("pg/mL", 1000.0)}};
constexpr std::array kCrpUnits{UnitRow{"mg/l", conv("mg/L")}, UnitRow{"mg/dl", conv("mg/L", 10.0)},
                               UnitRow{"ug/ml", conv("mg/L")}};
constexpr std::array kFerritinUnits{UnitRow{"ng/ml", conv("ng/mL")},
                                    UnitRow{"ug/l", conv("ng/mL")}};
constexpr std::array kCopiesUnits{UnitRow{"copies/ugdna", conv("copies/ug DNA")},
                                  UnitRow{"copies/ug", conv("copies/ug DNA")}};
constexpr std::array kWeightUnits{UnitRow{"kg", conv("kg")}, UnitRow{"lb", conv("kg", 0.45359237)},
                                  UnitRow{"lbs", conv("kg", 0.45359237)}};
constexpr std::array kAgeUnits{UnitRow{"years", conv("years")}, UnitRow{"year", conv("years")},
                               UnitRow{"y", conv("years")}};
constexpr std::array kPercentUnits{UnitRow{"%", conv("%")}};
constexpr std::array kBsaUnits{UnitRow{"m2", conv("m2")}, UnitRow{"m^2", conv("m2")},
                               UnitRow{"m²", conv("m2")}};
constexpr std::array kGradeUnits{UnitRow{"grade", conv("")}};

// Pretty spellings for lab units we do not convert (other analytes keep their unit).
constexpr std::array kPrettyUnits{
    UnitRow{"10^9/l", conv("10^9/L")}, UnitRow{"10^12/l", conv("10^12/L")},
    UnitRow{"g/dl", conv("g/dL")},     UnitRow{"g/l", conv("g/L")},
    UnitRow{"u/l", conv("U/L")},       UnitRow{"mmol/l", conv("mmol/L")},
    UnitRow{"umol/l", conv("umol/L")}, UnitRow{"mg/dl", conv("mg/dL")},
    UnitRow{"%", conv("%")},
};

constexpr std::array<std::string_view, 14> kCytokines{"IL6",  "IL10",  "IFNG", "IL2R", "TNFA",
                                                      "IL2",  "IL4",   "IL8",  "IL1B", "IL15",
                                                      "IL18", "GMCSF", "MCP1", "IL1RA"};

template <size_t N>
std::optional<UnitConversion> lookup(const std::array<UnitRow, N>& rows, std::string_view key) {
    for (const auto& row : rows) {
        if (row.key == key) return row.conversion;
    }
    return std::nullopt;
}

bool is_cytokine(std::string_view code) {
    for (auto name : kCytokines) {
        if (name == code) return true;
    }
    return false;
}

}  // namespace

std::optional<UnitConversion> find_conversion(EventKind kind, std::string_view code,
                                              std::string_view key, bool& passthrough) {
    passthrough = false;
    switch (kind) {
        case EventKind::kTemp:
            return lookup(kTempUnits, key);
        case EventKind::kSbp:
            return lookup(kPressureUnits, key);
        case EventKind::kOxygen:
            return lookup(kFlowUnits, key);
        case EventKind::kVasopressorStart:
            return lookup(kVasopressorUnits, key);
        case EventKind::kDose:
            return lookup(kDoseUnits, key);
        case EventKind::kInfusion:
            return lookup(kInfusionUnits, key);
        case EventKind::kIcans:
        case EventKind::kInfection:
            return lookup(kGradeUnits, key);
        case EventKind::kLab:
            if (is_cytokine(code)) return lookup(kCytokineUnits, key);
            if (code == "CRP") return lookup(kCrpUnits, key);
            if (code == "FERRITIN") return lookup(kFerritinUnits, key);
            if (code == "CAR_COPIES") return lookup(kCopiesUnits, key);
            passthrough = true;
            return lookup(kPrettyUnits, key);
        case EventKind::kBaseline:
            if (code == "weight_kg") return lookup(kWeightUnits, key);
            if (code == "age") return lookup(kAgeUnits, key);
            if (code == "bsa_m2") return lookup(kBsaUnits, key);
            if (code.size() > 4 && code.substr(code.size() - 4) == "_pct") {
                return lookup(kPercentUnits, key);
            }
            passthrough = true;
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

std::string_view default_unit(EventKind kind, std::string_view code) {
    bool passthrough = false;
    switch (kind) {
        case EventKind::kTemp:
            return "C";
        case EventKind::kSbp:
            return "mmHg";
        case EventKind::kOxygen:
            return "L/min";
        case EventKind::kDose:
            return "mg";
        case EventKind::kInfusion:
            return "10^6 cells/kg";
        case EventKind::kLab:
        case EventKind::kBaseline: {
            // The first row of the analyte's table is its canonical unit.
            static constexpr std::string_view kProbe[] = {"pg/ml", "mg/l",  "ng/ml", "copies/ugdna",
                                                          "kg",    "years", "m2",    "%"};
            if (kind == EventKind::kLab && !is_cytokine(code) && code != "CRP" &&
                code != "FERRITIN" && code != "CAR_COPIES") {
                return "";
            }
            for (auto probe : kProbe) {
                auto conversion = find_conversion(kind, code, probe, passthrough);
                if (conversion && !passthrough && conversion->factor == 1.0) {
                    return conversion->canonical;
                }
            }
            return "";
        }
        default:
            return "";
    }
}

}  // namespace dayzero::importers
