#pragma once
// PatientMeasures: the patient-level measures studies compare (docs/DERIVATIONS.md §8).

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "derive/grading_coverage.h"

namespace dayzero::derive {

// Days per month for OS/PFS in months: the mean Gregorian month (docs/DERIVATIONS.md §8).
inline constexpr double kDaysPerMonth = 30.4375;

// A baseline attribute: numeric, text, or both (e.g. sex = "M"; age = 34).
struct BaselineValue {
    std::optional<double> number;
    std::string text;
};

// A time-to-event endpoint measured from infusion (day 0).
struct SurvivalTime {
    std::optional<int> days;  // time to event or censoring; nullopt if nothing known
    bool event = false;       // true = event observed, false = censored
    // days / 30.4375, if days is known.
    std::optional<double> months() const;
};

// One lab code (IL6, CRP, ...) summarised around tocilizumab.
struct LabMeasure {
    std::optional<double> baseline;  // earliest sample on day 0, else latest on day -1
    std::optional<int> baseline_day;
    std::optional<double> peak;         // max from day 0 up to and including the first toci
    std::optional<int> peak_day;        // (days 0–28 when no toci was given)
    std::optional<double> fold_change;  // peak / baseline (baseline > 0)
    std::optional<double> pre_toci;     // last sample at or before the first toci
    std::optional<double> post_toci;    // next sample after it, if within the fall window
    std::optional<double> hours_to_next_sample;  // from the first toci to the next sample
    std::optional<bool> fell_after_toci;         // post_toci < pre_toci; nullopt if undecidable
    int samples = 0;                             // all samples of this code
};

struct PatientMeasures {
    GradingCoverage coverage;  // the grading inputs recorded; CRS measures need gradable()
    bool any_crs = false;      // at least one episode
    int max_grade = 0;         // highest daily grade
    int episodes = 0;
    int crs_days = 0;                                 // sum of episode durations
    int crs_positive_days = 0;                        // days with grade >= 1
    std::optional<int> onset_day;                     // first episode's onset
    std::optional<int> first_duration;                // first episode's duration
    std::optional<int> days_onset_to_first_toci;      // first episode with a toci dose
    std::optional<double> hours_onset_to_first_toci;  // same, when clock times exist
    int toci_doses = 0;                               // all tocilizumab doses in the timeline
    std::optional<double> toci_total_mg;              // nullopt if any dose's amount is unknown
    int steroid_doses = 0;                            // all corticosteroid doses
    std::optional<double> steroid_mpe_mg;  // methylprednisolone-equivalent mg; nullopt if unknown
    std::optional<int> first_toci_day;
    int gcsf_doses = 0;
    // Baseline attributes by name (age, sex, weight_kg, ...), the latest record of each.
    std::map<std::string, BaselineValue, std::less<>> baseline;
    std::optional<double> weight_kg;  // baseline weight_kg, used for mg/kg doses
    std::string infusion_product;
    std::optional<double> infusion_dose;  // CAR-T dose ×10^6 cells/kg
    std::optional<int> infusion_day;      // day of the (first) infusion event, normally 0
    int max_icans_grade = 0;
    int max_infection_grade = 0;
    std::string response;  // day-28 response code, empty if none in range
    std::optional<int> response_day;
    std::optional<int> death_day;
    std::string death_cause;
    std::optional<int> relapse_day;
    std::optional<int> last_followup_day;  // last_followup event, else the last event's day
    SurvivalTime os;                       // infusion to death, censored at last follow-up
    SurvivalTime pfs;                      // infusion to relapse or death
    std::map<std::string, LabMeasure, std::less<>> labs;  // by lab code as recorded
};

}  // namespace dayzero::derive
