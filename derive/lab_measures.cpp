// Per-lab-code summaries around the first tocilizumab dose, and the "fell" rule
// (docs/DERIVATIONS.md §8.1).
#include <optional>

#include "derive/measures_builder.h"

namespace dayzero::derive::detail {
namespace {

using store::Event;
using store::EventKind;

// Hours between two events: exact when both have clock times, else whole days × 24.
double hours_between(const Event& from, const Event& to) {
    double hours = (to.day - from.day) * 24.0;
    if (from.minute && to.minute) hours += (*to.minute - *from.minute) / 60.0;
    return hours;
}

}  // namespace

void build_lab_measures(const TimelineView& view, const CrsDefinition& def,
                        PatientMeasures& measures) {
    // The first tocilizumab dose on or after the window's first day.
    const Event* toci = nullptr;
    for (size_t i = 0; i < view.size() && !toci; ++i) {
        const Event& event = view[i];
        if (event.kind == EventKind::kDose && event.day >= def.window_first_day &&
            iequals(event.code, kTocilizumab)) {
            toci = &event;
        }
    }
    const int64_t toci_key = toci ? time_key(*toci) : 0;
    LabMeasure* cached = nullptr;  // consecutive samples often share a code
    std::string_view cached_code;
    for (size_t i = 0; i < view.size(); ++i) {
        const Event& event = view[i];
        if (event.kind != EventKind::kLab || !event.value) continue;
        if (!cached || cached_code != event.code) {
            auto it = measures.labs.find(event.code);
            if (it == measures.labs.end()) {
                it = measures.labs.emplace(event.code, LabMeasure{}).first;
            }
            cached = &it->second;
            cached_code = it->first;
        }
        LabMeasure& lab = *cached;
        const double value = *event.value;
        ++lab.samples;
        // Baseline: the earliest sample on day 0, else the latest on day -1.
        if (event.day == -1 && lab.baseline_day != 0) {
            lab.baseline = value;
            lab.baseline_day = -1;
        } else if (event.day == 0 && lab.baseline_day != 0) {
            lab.baseline = value;
            lab.baseline_day = 0;
        }
        const int64_t key = time_key(event);
        const bool in_peak_range =
            toci ? event.day >= def.window_first_day && key <= toci_key
                 : event.day >= def.window_first_day && event.day <= def.window_last_day;
        if (in_peak_range && (!lab.peak || value > *lab.peak)) {
            lab.peak = value;
            lab.peak_day = event.day;
        }
        if (!toci) continue;
        if (key <= toci_key) {
            lab.pre_toci = value;  // the last sample at or before the dose wins
        } else if (!lab.hours_to_next_sample) {
            lab.hours_to_next_sample = hours_between(*toci, event);
            if (*lab.hours_to_next_sample <= def.fall_window_hours) lab.post_toci = value;
        }
    }
    for (auto& [code, lab] : measures.labs) {
        if (lab.peak && lab.baseline && *lab.baseline > 0.0) {
            lab.fold_change = *lab.peak / *lab.baseline;
        }
        if (lab.pre_toci && lab.post_toci) lab.fell_after_toci = *lab.post_toci < *lab.pre_toci;
    }
}

}  // namespace dayzero::derive::detail
