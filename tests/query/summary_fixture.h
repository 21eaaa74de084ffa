#pragma once
// A stored summary with every field set to a distinctive value, and field-by-field comparisons,
// shared by the summary codec and summary view tests.
#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "query/summary_cache.h"

namespace dayzero::query::testing {

inline derive::DoseTiming timing(uint64_t seq, const char* drug, std::optional<double> mg) {
    return {seq, seq % 2 == 0 ? -1 : 3, static_cast<uint16_t>(seq * 7), drug, mg};
}

inline derive::LabMeasure lab(double base) {
    derive::LabMeasure l;
    l.baseline = base;
    l.baseline_day = -1;
    l.peak = base * 9.5;
    l.peak_day = 4;
    l.fold_change = 9.5;
    l.pre_toci = base * 8;
    l.post_toci = base * 2;
    l.hours_to_next_sample = 13.25;
    l.fell_after_toci = base > 10;  // false for one lab, true for the other: both kept
    l.samples = 17;
    return l;
}

// A summary in which every field differs from its default.
inline query::PatientSummary full_summary() {
    query::PatientSummary s;
    s.id = "P-007/ä";
    s.derived.patient_id = s.id;
    derive::Episode e;
    e.number = 2;
    e.onset_day = 3;
    e.end_day = 9;
    e.duration = 7;
    e.max_grade = 4;
    e.positive_days = 6;
    e.ended_by = derive::EpisodeEnd::kDeath;
    e.masked_from_day = 4;
    e.toci_doses = 2;
    e.steroid_doses = 1;
    e.toci = {timing(101, "tocilizumab", 640.5), timing(108, "Tocilizumab", std::nullopt)};
    e.steroids = {timing(120, "dexamethasone", 10)};
    e.onset_minute = 615;
    e.days_onset_to_first_toci = 1;
    e.hours_onset_to_first_toci = 26.5;
    e.days = {3, 4, 5, 6, 7, 8, 9};
    derive::Episode first;
    first.number = 1;
    first.onset_day = -2;
    first.ended_by = derive::EpisodeEnd::kWindowEnd;
    s.derived.episodes = {first, e};

    derive::PatientMeasures& m = s.derived.measures;
    m.coverage = {29, 27, 12, 9, 4, 3, true};
    m.any_crs = true;
    m.max_grade = 4;
    m.episodes = 2;
    m.crs_days = 11;
    m.crs_positive_days = 10;
    m.onset_day = -2;
    m.first_duration = 5;
    m.days_onset_to_first_toci = 1;
    m.hours_onset_to_first_toci = 26.5;
    m.toci_doses = 3;
    m.toci_total_mg = 1280.25;
    m.steroid_doses = 4;
    m.steroid_mpe_mg = 53.333333333333336;
    m.first_toci_day = 4;
    m.gcsf_doses = 5;
    m.baseline["age"] = {34.0, ""};
    m.baseline["sex"] = {std::nullopt, "F"};
    m.baseline["blasts_pct"] = {62.5, "62.5 %"};
    m.weight_kg = 71.3;
    m.infusion_product = "tisagenlecleucel";
    m.infusion_dose = 3.1;
    m.infusion_day = 1;
    m.max_icans_grade = 2;
    m.max_infection_grade = 3;
    m.response = "CR_MRD_NEG";
    m.response_day = 27;
    m.death_day = 400;
    m.death_cause = "relapse";
    m.relapse_day = 210;
    m.last_followup_day = 401;
    m.os = {400, true};
    m.pfs = {210, false};
    m.labs["IL6"] = lab(12.5);
    m.labs["CRP"] = lab(3);
    s.doses["tocilizumab"] = {3, 1280.25, true};
    s.doses["dexamethasone"] = {1, 10, false};
    return s;
}

inline void same_timing(const derive::DoseTiming& a, const derive::DoseTiming& b) {
    CHECK(a.seq == b.seq);
    CHECK(a.day == b.day);
    CHECK(a.minute == b.minute);
    CHECK(a.drug == b.drug);
    CHECK(a.mg == b.mg);
}

inline void same_timings(const std::vector<derive::DoseTiming>& a,
                         const std::vector<derive::DoseTiming>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i)
        same_timing(a[i], b[i]);
}

inline void same_episode(const derive::Episode& a, const derive::Episode& b) {
    CHECK(a.number == b.number);
    CHECK(a.onset_day == b.onset_day);
    CHECK(a.end_day == b.end_day);
    CHECK(a.duration == b.duration);
    CHECK(a.max_grade == b.max_grade);
    CHECK(a.positive_days == b.positive_days);
    CHECK(a.ended_by == b.ended_by);
    CHECK(a.masked_from_day == b.masked_from_day);
    CHECK(a.toci_doses == b.toci_doses);
    CHECK(a.steroid_doses == b.steroid_doses);
    same_timings(a.toci, b.toci);
    same_timings(a.steroids, b.steroids);
    CHECK(a.onset_minute == b.onset_minute);
    CHECK(a.days_onset_to_first_toci == b.days_onset_to_first_toci);
    CHECK(a.hours_onset_to_first_toci == b.hours_onset_to_first_toci);
    CHECK(a.days == b.days);
}

inline void same_lab(const derive::LabMeasure& a, const derive::LabMeasure& b) {
    CHECK(a.baseline == b.baseline);
    CHECK(a.baseline_day == b.baseline_day);
    CHECK(a.peak == b.peak);
    CHECK(a.peak_day == b.peak_day);
    CHECK(a.fold_change == b.fold_change);
    CHECK(a.pre_toci == b.pre_toci);
    CHECK(a.post_toci == b.post_toci);
    CHECK(a.hours_to_next_sample == b.hours_to_next_sample);
    CHECK(a.fell_after_toci == b.fell_after_toci);
    CHECK(a.samples == b.samples);
}

inline void same_coverage(const derive::GradingCoverage& a, const derive::GradingCoverage& b) {
    CHECK(a.window_days == b.window_days);
    CHECK(a.temperature_days == b.temperature_days);
    CHECK(a.sbp_days == b.sbp_days);
    CHECK(a.oxygen_days == b.oxygen_days);
    CHECK(a.vasopressor_days == b.vasopressor_days);
    CHECK(a.dose_days == b.dose_days);
    CHECK(a.crs_death == b.crs_death);
}

inline void same_measures(const derive::PatientMeasures& a, const derive::PatientMeasures& b) {
    same_coverage(a.coverage, b.coverage);
    CHECK(a.any_crs == b.any_crs);
    CHECK(a.max_grade == b.max_grade);
    CHECK(a.episodes == b.episodes);
    CHECK(a.crs_days == b.crs_days);
    CHECK(a.crs_positive_days == b.crs_positive_days);
    CHECK(a.onset_day == b.onset_day);
    CHECK(a.first_duration == b.first_duration);
    CHECK(a.days_onset_to_first_toci == b.days_onset_to_first_toci);
    CHECK(a.hours_onset_to_first_toci == b.hours_onset_to_first_toci);
    CHECK(a.toci_doses == b.toci_doses);
    CHECK(a.toci_total_mg == b.toci_total_mg);
    CHECK(a.steroid_doses == b.steroid_doses);
    CHECK(a.steroid_mpe_mg == b.steroid_mpe_mg);
    CHECK(a.first_toci_day == b.first_toci_day);
    CHECK(a.gcsf_doses == b.gcsf_doses);
    REQUIRE(a.baseline.size() == b.baseline.size());
    for (const auto& [name, value] : a.baseline) {
        INFO("baseline " << name);
        REQUIRE(b.baseline.count(name) == 1);
        CHECK(b.baseline.at(name).number == value.number);
        CHECK(b.baseline.at(name).text == value.text);
    }
    CHECK(a.weight_kg == b.weight_kg);
    CHECK(a.infusion_product == b.infusion_product);
    CHECK(a.infusion_dose == b.infusion_dose);
    CHECK(a.infusion_day == b.infusion_day);
    CHECK(a.max_icans_grade == b.max_icans_grade);
    CHECK(a.max_infection_grade == b.max_infection_grade);
    CHECK(a.response == b.response);
    CHECK(a.response_day == b.response_day);
    CHECK(a.death_day == b.death_day);
    CHECK(a.death_cause == b.death_cause);
    CHECK(a.relapse_day == b.relapse_day);
    CHECK(a.last_followup_day == b.last_followup_day);
    CHECK(a.os.days == b.os.days);
    CHECK(a.os.event == b.os.event);
    CHECK(a.pfs.days == b.pfs.days);
    CHECK(a.pfs.event == b.pfs.event);
    REQUIRE(a.labs.size() == b.labs.size());
    for (const auto& [code, measure] : a.labs) {
        INFO("lab " << code);
        REQUIRE(b.labs.count(code) == 1);
        same_lab(measure, b.labs.at(code));
    }
}

}  // namespace dayzero::query::testing
