#include "derive/measures_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace dayzero::derive::detail {
namespace {

using store::Event;
using store::EventKind;

// Adds `mg` to a running total that becomes unknown once any amount is unknown.
void add_amount(std::optional<double>& total, std::optional<double> mg, double factor) {
    if (!total) return;
    if (!mg) {
        total.reset();
        return;
    }
    *total += *mg * factor;
}

void crs_measures(const std::vector<DailyGrade>& rows, const std::vector<Episode>& episodes,
                  PatientMeasures& m) {
    m.episodes = static_cast<int>(episodes.size());
    m.any_crs = !episodes.empty();
    for (const auto& row : rows) {
        m.max_grade = std::max(m.max_grade, row.grade);
        if (row.grade >= 1) ++m.crs_positive_days;
    }
    for (const auto& episode : episodes) {
        m.crs_days += episode.duration;
        if (!m.days_onset_to_first_toci && episode.days_onset_to_first_toci) {
            m.days_onset_to_first_toci = episode.days_onset_to_first_toci;
            m.hours_onset_to_first_toci = episode.hours_onset_to_first_toci;
        }
    }
    if (!episodes.empty()) {
        m.onset_day = episodes.front().onset_day;
        m.first_duration = episodes.front().duration;
    }
}

// Day-28 response: the assessment nearest the target day within the tolerance; on equal
// distance the earlier day; on the same day the latest record.
void response_measure(const Event& event, const CrsDefinition& def, PatientMeasures& m) {
    const int distance = std::abs(event.day - def.response_target_day);
    if (distance > def.response_tolerance_days) return;
    if (m.response_day) {
        const int best = std::abs(*m.response_day - def.response_target_day);
        if (distance > best || (distance == best && event.day > *m.response_day)) return;
    }
    m.response = event.code.empty() ? event.text : event.code;
    m.response_day = event.day;
}

void survival_measures(int last_event_day, bool any_event, PatientMeasures& m) {
    if (!m.last_followup_day && any_event) m.last_followup_day = last_event_day;
    if (m.death_day) {
        m.os = SurvivalTime{m.death_day, true};
    } else {
        m.os = SurvivalTime{m.last_followup_day, false};
    }
    std::optional<int> progression = m.relapse_day;
    if (m.death_day && (!progression || *m.death_day < *progression)) progression = m.death_day;
    if (progression) {
        m.pfs = SurvivalTime{progression, true};
    } else {
        m.pfs = SurvivalTime{m.last_followup_day, false};
    }
}

int grade_value(const Event& event) {
    if (!event.value || !std::isfinite(*event.value)) return 0;
    return static_cast<int>(std::lround(*event.value));
}

}  // namespace

std::optional<double> baseline_weight(const TimelineView& view) {
    std::optional<double> weight;
    for (size_t i = 0; i < view.size(); ++i) {
        const Event& event = view[i];
        if (event.kind == EventKind::kBaseline && event.value && iequals(event.code, "weight_kg")) {
            weight = event.value;
        }
    }
    return weight;
}

PatientMeasures build_measures(const TimelineView& view, const CrsDefinition& def,
                               const std::vector<DailyGrade>& rows,
                               const std::vector<Episode>& episodes,
                               std::optional<double> weight_kg) {
    PatientMeasures m;
    m.coverage = grading_coverage(view, rows);
    crs_measures(rows, episodes, m);
    m.weight_kg = weight_kg;
    m.toci_total_mg = 0.0;
    m.steroid_mpe_mg = 0.0;
    int last_day = 0;
    for (size_t i = 0; i < view.size(); ++i) {
        const Event& event = view[i];
        last_day = i == 0 ? event.day : std::max(last_day, event.day);
        switch (event.kind) {
            case EventKind::kDose:
                if (iequals(event.code, kTocilizumab)) {
                    ++m.toci_doses;
                    add_amount(m.toci_total_mg, dose_mg(event, weight_kg), 1.0);
                    if (!m.first_toci_day) m.first_toci_day = event.day;
                } else if (is_corticosteroid(event.code)) {
                    ++m.steroid_doses;
                    add_amount(m.steroid_mpe_mg, dose_mg(event, weight_kg),
                               methylprednisolone_factor(event.code));
                } else if (iequals(event.code, "gcsf")) {
                    ++m.gcsf_doses;
                }
                break;
            case EventKind::kBaseline: {
                m.baseline.insert_or_assign(event.code, BaselineValue{event.value, event.text});
                break;
            }
            case EventKind::kInfusion:
                if (!m.infusion_day) {
                    m.infusion_day = event.day;
                    m.infusion_product = event.code;
                    m.infusion_dose = event.value;
                }
                break;
            case EventKind::kIcans:
                m.max_icans_grade = std::max(m.max_icans_grade, grade_value(event));
                break;
            case EventKind::kInfection:
                m.max_infection_grade = std::max(m.max_infection_grade, grade_value(event));
                break;
            case EventKind::kResponse:
                response_measure(event, def, m);
                break;
            case EventKind::kRelapse:
                if (!m.relapse_day) m.relapse_day = event.day;
                break;
            case EventKind::kDeath:
                if (!m.death_day) {
                    m.death_day = event.day;
                    m.death_cause = event.code;
                }
                break;
            case EventKind::kLastFollowup:
                if (!m.last_followup_day || event.day > *m.last_followup_day) {
                    m.last_followup_day = event.day;
                }
                break;
            default:
                break;
        }
    }
    survival_measures(last_day, view.size() > 0, m);
    return m;
}

}  // namespace dayzero::derive::detail
