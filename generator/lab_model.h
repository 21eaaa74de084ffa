#pragma once
// LabModel: cytokine, CRP, ferritin and CAR-T copy kinetics of one patient. Levels follow the
// planned CRS intensity (smoothed in time, CRP and ferritin lagging), fall after tocilizumab,
// except IL-6, which rises for a day or two as the blocked receptor stops clearing it.

#include <array>
#include <optional>
#include <string_view>

#include "generator/patient_plan.h"
#include "generator/random_source.h"

namespace dayzero::generator {

// The analytes sampled in a full CRS panel, in file order, and their units.
inline constexpr std::array<std::string_view, 7> kPanelCodes{"IL6",  "IL10", "IFNG",    "IL2R",
                                                             "TNFA", "CRP",  "FERRITIN"};

// Canonical unit of a lab code this generator writes ("pg/mL", "mg/L", "ng/mL", "copies/ug DNA").
std::string_view lab_unit(std::string_view code);

class LabModel {
  public:
    // Draws the patient's own baselines and response sizes from `rng`.
    LabModel(const PatientPlan& plan, RandomSource& rng);

    // The measured level of `code` at `day` and `minute`, with assay noise drawn from `rng`,
    // rounded to a realistic precision.
    double sample(std::string_view code, int day, int minute, RandomSource& rng) const;

  private:
    struct Analyte {
        double base = 1.0;   // level without inflammation
        double fold = 1.0;   // multiplier at intensity 4
        double lag = 0.0;    // days behind the cytokine storm
        double width = 0.8;  // smoothing (days)
    };

    double intensity(const Analyte& a, double t) const;
    double car_copies(double t) const;

    const PatientPlan& plan_;
    std::array<Analyte, 7> analytes_{};
    std::optional<double> toci_time_;  // days, fractional
    double il6_jump_ = 1.0;
    double car_peak_day_ = 12.0;
    double car_peak_ = 1.0;
    bool car_persists_ = true;
    double car_loss_day_ = 1e9;
};

}  // namespace dayzero::generator
