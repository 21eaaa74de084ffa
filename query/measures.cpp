#include "query/measures.h"

#include <optional>

#include "derive/crs_definition.h"

namespace dayzero::query {

namespace {

using D = derive::PatientDerivation;

template <typename T>
Value opt(const std::optional<T>& v) {
    if (!v) return {};
    if constexpr (std::is_integral_v<T>) {
        return static_cast<int64_t>(*v);
    } else {
        return static_cast<double>(*v);
    }
}

Value text_or_null(const std::string& s) {
    return s.empty() ? Value{} : Value{s};
}

Value int_value(int v) {
    return static_cast<int64_t>(v);
}

// The episode of the highest grade (the first of them in onset order on ties): its duration.
Value worst_duration(const std::vector<derive::Episode>& episodes) {
    const derive::Episode* worst = nullptr;
    for (const auto& e : episodes) {
        if (worst == nullptr || e.max_grade > worst->max_grade) worst = &e;
    }
    return worst == nullptr ? Value{} : int_value(worst->duration);
}

const std::vector<Measure> kMeasures = {
    {"max_grade", ValueType::kNumber, "grade", true, "highest daily CRS grade (0 = no CRS)",
     [](const D& d) { return int_value(d.measures.max_grade); }, "", nullptr, true},
    {"crs", ValueType::kBool, "", false, "had at least one CRS episode",
     [](const D& d) { return Value{d.measures.any_crs}; }, "", nullptr, true},
    {"severe", ValueType::kBool, "", false, "maximum CRS grade 3-5",
     [](const D& d) { return Value{d.measures.max_grade >= 3}; }, "", nullptr, true},
    {"mild", ValueType::kBool, "", false, "maximum CRS grade 1-2",
     [](const D& d) { return Value{d.measures.max_grade >= 1 && d.measures.max_grade <= 2}; }, "",
     nullptr, true},
    {"episodes", ValueType::kNumber, "", false, "number of CRS episodes",
     [](const D& d) { return int_value(d.measures.episodes); }, "", nullptr, true},
    {"onset_day", ValueType::kNumber, "days", false, "onset day of the first CRS episode",
     [](const D& d) { return opt(d.measures.onset_day); }, "without CRS", nullptr, true},
    {"first_duration", ValueType::kNumber, "days", false,
     "duration of the first CRS episode (missing without CRS)",
     [](const D& d) { return opt(d.measures.first_duration); }, "without CRS", nullptr, true},
    {"worst_duration", ValueType::kNumber, "days", false,
     "duration of the episode of the highest grade, the earliest on ties (missing without CRS)",
     [](const D&) { return Value{}; }, "without CRS", worst_duration, true},
    {"crs_days", ValueType::kNumber, "days", false,
     "days with CRS (sum of episode durations; 0 without CRS)",
     [](const D& d) { return int_value(d.measures.crs_days); }, "", nullptr, true},
    {"crs_positive_days", ValueType::kNumber, "days", false, "days with grade >= 1",
     [](const D& d) { return int_value(d.measures.crs_positive_days); }, "", nullptr, true},
    {"hours_to_toci", ValueType::kNumber, "hours", false,
     "hours from CRS onset to the first tocilizumab (needs clock times)",
     [](const D& d) { return opt(d.measures.hours_onset_to_first_toci); },
     "without tocilizumab after CRS onset, or without clock times", nullptr, true},
    {"days_to_toci", ValueType::kNumber, "days", false,
     "days from CRS onset to the first tocilizumab",
     [](const D& d) { return opt(d.measures.days_onset_to_first_toci); },
     "without tocilizumab after CRS onset", nullptr, true},
    {"gradable", ValueType::kBool, "", false,
     "a temperature in the grading window (or a CRS death): the CRS measures are known",
     [](const D& d) { return Value{d.measures.coverage.gradable()}; }},
    {"toci_doses", ValueType::kNumber, "", false, "number of tocilizumab doses",
     [](const D& d) { return int_value(d.measures.toci_doses); }},
    {"toci_mg", ValueType::kNumber, "mg", false, "total tocilizumab mg",
     [](const D& d) { return opt(d.measures.toci_total_mg); }},
    {"first_toci_day", ValueType::kNumber, "days", false, "day of the first tocilizumab dose",
     [](const D& d) { return opt(d.measures.first_toci_day); }, "without tocilizumab"},
    {"steroid_doses", ValueType::kNumber, "", false, "number of corticosteroid doses",
     [](const D& d) { return int_value(d.measures.steroid_doses); }},
    {"steroid_mpe", ValueType::kNumber, "mg", false,
     "cumulative methylprednisolone-equivalent steroid dose",
     [](const D& d) { return opt(d.measures.steroid_mpe_mg); }},
    {"gcsf_doses", ValueType::kNumber, "", false, "number of G-CSF doses",
     [](const D& d) { return int_value(d.measures.gcsf_doses); }},
    {"infusion_dose", ValueType::kNumber, "", false, "CAR-T dose (x10^6 cells/kg)",
     [](const D& d) { return opt(d.measures.infusion_dose); }},
    {"product", ValueType::kText, "", true, "CAR-T product",
     [](const D& d) { return text_or_null(d.measures.infusion_product); }},
    {"icans", ValueType::kNumber, "grade", true, "highest ICANS grade (0 = none)",
     [](const D& d) { return int_value(d.measures.max_icans_grade); }},
    {"infection_grade", ValueType::kNumber, "grade", true, "highest infection grade (0 = none)",
     [](const D& d) { return int_value(d.measures.max_infection_grade); }},
    {"response", ValueType::kText, "", true, "day-28 response (CR_MRD_NEG, CR_MRD_POS, PR, NR)",
     [](const D& d) { return text_or_null(d.measures.response); }},
    {"cr", ValueType::kBool, "", false, "day-28 complete remission (MRD- or MRD+)",
     [](const D& d) { return Value{d.measures.response.rfind("CR", 0) == 0}; }},
    {"death_day", ValueType::kNumber, "days", false, "day of death",
     [](const D& d) { return opt(d.measures.death_day); }, "alive"},
    {"death_cause", ValueType::kText, "", true, "cause of death",
     [](const D& d) { return text_or_null(d.measures.death_cause); }},
    {"relapse_day", ValueType::kNumber, "days", false, "day of relapse",
     [](const D& d) { return opt(d.measures.relapse_day); }, "without relapse"},
    {"followup_day", ValueType::kNumber, "days", false, "last follow-up day",
     [](const D& d) { return opt(d.measures.last_followup_day); }},
    {"os_months", ValueType::kNumber, "months", false, "overall survival time (months)",
     [](const D& d) { return opt(d.measures.os.months()); }},
    {"os_event", ValueType::kBool, "", false, "death observed",
     [](const D& d) { return Value{d.measures.os.event}; }},
    {"pfs_months", ValueType::kNumber, "months", false, "progression-free survival (months)",
     [](const D& d) { return opt(d.measures.pfs.months()); }},
    {"pfs_event", ValueType::kBool, "", false, "relapse or death observed",
     [](const D& d) { return Value{d.measures.pfs.event}; }},
};

}  // namespace

const std::vector<Measure>& all_measures() {
    return kMeasures;
}

const Measure* find_measure(std::string_view name) {
    for (const auto& m : kMeasures) {
        if (derive::iequals(m.name, name)) return &m;
    }
    return nullptr;
}

}  // namespace dayzero::query
