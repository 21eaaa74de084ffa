#include "derive/patient_derivation.h"

#include "derive/daily_features.h"
#include "derive/episode_scan.h"
#include "derive/measures_builder.h"
#include "derive/timeline_view.h"

namespace dayzero::derive {

PatientDerivation derive_patient(const std::string& patient_id,
                                 std::span<const store::Event> timeline, const CrsDefinition& def) {
    PatientDerivation result;
    result.patient_id = patient_id;
    const detail::TimelineView view(timeline);
    const auto weight = detail::baseline_weight(view);
    const auto window = detail::grading_window(view, def);
    std::vector<int32_t> first_treatment;
    result.days = detail::daily_features(view, def, window, first_treatment);
    result.episodes =
        detail::scan_episodes(result.days, view, def, window, first_treatment, weight);
    result.measures = detail::build_measures(view, def, result.days, result.episodes, weight);
    detail::build_lab_measures(view, def, result.measures);
    return result;
}

}  // namespace dayzero::derive
