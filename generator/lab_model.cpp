#include "generator/lab_model.h"

#include <algorithm>
#include <cmath>

namespace dayzero::generator {
namespace {

// Typical level without inflammation and at intensity 4, per panel analyte (kPanelCodes order).
struct Reference {
    double base;
    double fold;
    double lag;
    double width;
};
constexpr std::array<Reference, 7> kReference{{
    {4.0, 400.0, 0.0, 0.8},   // IL6 pg/mL
    {4.0, 120.0, 0.0, 0.8},   // IL10 pg/mL
    {8.0, 250.0, 0.0, 0.8},   // IFNG pg/mL
    {900.0, 12.0, 0.3, 1.2},  // IL2R pg/mL
    {9.0, 5.0, 0.0, 0.9},     // TNFA pg/mL
    {6.0, 40.0, 1.0, 1.2},    // CRP mg/L
    {500.0, 25.0, 1.5, 2.2},  // FERRITIN ng/mL
}};

double round_measured(double value) {
    if (value >= 100.0) return std::round(value);
    if (value >= 10.0) return std::round(value * 10.0) / 10.0;
    return std::round(value * 100.0) / 100.0;
}

size_t panel_index(std::string_view code) {
    for (size_t i = 0; i < kPanelCodes.size(); ++i) {
        if (kPanelCodes[i] == code) return i;
    }
    return kPanelCodes.size();
}

}  // namespace

std::string_view lab_unit(std::string_view code) {
    if (code == "CRP") return "mg/L";
    if (code == "FERRITIN") return "ng/mL";
    if (code == "CAR_COPIES") return "copies/ug DNA";
    return "pg/mL";
}

LabModel::LabModel(const PatientPlan& plan, RandomSource& rng) : plan_(plan) {
    for (size_t i = 0; i < kReference.size(); ++i) {
        const Reference& r = kReference[i];
        analytes_[i] =
            Analyte{rng.lognormal(r.base, 0.45), rng.lognormal(r.fold, 0.45), r.lag, r.width};
    }
    if (plan.first_toci_day) {
        toci_time_ = *plan.first_toci_day + *plan.first_toci_minute / 1440.0;
    }
    il6_jump_ = rng.uniform(1.5, 5.0);
    car_peak_day_ = rng.uniform(9.0, 14.0);
    car_peak_ = rng.lognormal(15000.0 * (1.0 + 0.6 * plan.max_grade), 0.8);
    car_persists_ = rng.chance(0.65);
    car_loss_day_ = rng.uniform(60.0, 240.0);
}

double LabModel::intensity(const Analyte& a, double t) const {
    double level = 0.0;
    for (int d = 0; d < kWindowDays; ++d) {
        const int s = plan_.crs[static_cast<size_t>(d)].severity;
        if (s == 0) continue;
        const double z = (t - a.lag - (d + 0.6)) / a.width;
        level = std::max(level, s * std::exp(-0.5 * z * z));
    }
    if (toci_time_ && t > *toci_time_) {
        level *= 0.45 + 0.55 * std::exp(-(t - *toci_time_) / 1.5);
    }
    return level;
}

double LabModel::car_copies(double t) const {
    if (t <= 0.0) return 0.0;
    if (t <= car_peak_day_) return car_peak_ * std::exp(-0.8 * (car_peak_day_ - t));
    const double early_end = std::min(t, 60.0);
    double value = car_peak_ * std::exp(-(early_end - car_peak_day_) * std::log(2.0) / 12.0);
    if (t > 60.0) {
        if (!car_persists_ && t > car_loss_day_) return 0.0;
        value *= std::exp(-(t - 60.0) * std::log(2.0) / 150.0);
    }
    return value;
}

double LabModel::sample(std::string_view code, int day, int minute, RandomSource& rng) const {
    const double t = day + minute / 1440.0;
    const double noise = rng.lognormal(1.0, 0.2);
    if (code == "CAR_COPIES") return std::round(car_copies(t) * noise);
    const size_t index = panel_index(code);
    if (index == kPanelCodes.size()) return 0.0;
    const Analyte& a = analytes_[index];
    double value = a.base * std::exp(std::log(a.fold) * intensity(a, t) / 4.0);
    if (code == "IL6" && toci_time_ && t > *toci_time_) {
        const double since = t - *toci_time_;
        value *= 1.0 + il6_jump_ * (1.0 - std::exp(-since / 0.3)) * std::exp(-since / 3.0);
    }
    return std::max(0.5, round_measured(value * noise));
}

}  // namespace dayzero::generator
