#include "shell/plot_data.h"

#include <algorithm>

#include "derive/crs_definition.h"
#include "derive/daily_features.h"
#include "derive/patient_derivation.h"
#include "query/definitions.h"
#include "query/gradability.h"
#include "query/patient_course.h"

namespace dayzero::shell {

namespace {

constexpr double kMinutesPerDay = 1440.0;
constexpr int kWindowStart = -7;  // lymphodepletion starts on day -5: show a little before
constexpr int kWindowEnd = 28;    // the end of CRS monitoring

double event_time(const store::Event& event) {
    return event.day + (event.minute ? *event.minute / kMinutesPerDay : 0.5);
}

// Kinds that describe the acute course (not follow-up), which set the x range of the figure; a
// death inside the window is included (it is graded 5 when caused by CRS).
bool is_acute(store::EventKind kind) {
    using store::EventKind;
    return kind != EventKind::kBaseline && kind != EventKind::kResponse &&
           kind != EventKind::kRelapse && kind != EventKind::kLastFollowup &&
           kind != EventKind::kSignature;
}

}  // namespace

store::Result<TimelineData> timeline_figure(const query::QueryResult& result) {
    if (!result.ok) {
        return store::Status::invalid_argument(result.reason.empty() ? result.error
                                                                     : result.reason);
    }
    if (!result.course) {
        return store::Status::invalid_argument("the statement gave no patient's course to draw");
    }
    const query::PatientCourse& course = *result.course;
    if (course.events.empty()) {
        return store::Status::not_found("no events for patient '" + course.patient + "'");
    }
    const derive::CrsDefinition& def = course.definition;
    const derive::PatientDerivation& derived = course.derived;
    const std::string& patient = course.patient;
    const std::vector<store::Event>& events = course.events;

    TimelineData data;
    data.patient = patient;
    data.definition = def;
    if (!course.as_of.is_now()) data.as_of = query::describe_as_of(course.as_of);
    int lo = 0, hi = 7;
    std::map<std::string, double> running_pressors;  // drug -> start time
    std::optional<Span> oxygen;
    for (const store::Event& e : events) {
        if (e.correction == store::Correction::kRetract) continue;
        const double t = event_time(e);
        if (is_acute(e.kind) && e.day >= kWindowStart && e.day <= kWindowEnd) {
            lo = std::min(lo, e.day);
            hi = std::max(hi, e.day);
        }
        switch (e.kind) {
            case store::EventKind::kTemp:
                if (e.value) data.temperatures.push_back({t, *e.value});
                break;
            case store::EventKind::kOxygen: {
                if (oxygen) {
                    oxygen->to = t;
                    data.oxygen.push_back(*oxygen);
                    oxygen.reset();
                }
                const int level = derive::detail::oxygen_level(e, def);
                if (level > 0) oxygen = Span{e.code, t, t, level};
                break;
            }
            case store::EventKind::kVasopressorStart:
                running_pressors.emplace(e.code, t);
                break;
            case store::EventKind::kVasopressorStop:
                if (auto it = running_pressors.find(e.code); it != running_pressors.end()) {
                    data.vasopressors.push_back({e.code, it->second, t, 0});
                    running_pressors.erase(it);
                }
                break;
            case store::EventKind::kDose:
                if (derive::iequals(e.code, derive::kTocilizumab) ||
                    derive::is_corticosteroid(e.code))
                    data.doses.push_back({t, e.code, derive::iequals(e.code, derive::kTocilizumab),
                                          e.value, e.unit});
                break;
            case store::EventKind::kIcans:
                if (e.value) data.icans.push_back({t, *e.value});
                break;
            case store::EventKind::kInfusion:
                data.infusion = TimedValue{t, e.value.value_or(0.0)};
                data.infusion_product = e.code;
                data.infusion_unit = e.value ? e.unit : "";
                break;
            case store::EventKind::kLab:
                // A log axis cannot show zero or negative levels; they are left out, not faked.
                if (e.value && *e.value > 0 && e.code != "CAR_COPIES") {
                    LabSeries& series = data.cytokines[e.code];
                    if (series.unit.empty()) series.unit = e.unit;
                    series.samples.push_back({t, *e.value});
                }
                break;
            default:
                break;
        }
    }
    data.day_from = lo;
    data.day_to = hi;
    const double end = hi + 1.0;
    if (oxygen) {
        oxygen->to = end;
        data.oxygen.push_back(*oxygen);
    }
    for (const auto& [drug, start] : running_pressors)
        data.vasopressors.push_back({drug, start, end, 0});
    if (!derived.measures.coverage.gradable())
        data.not_gradable = "not gradable (" + query::ungradable_reason() + ")";
    for (const auto& day : derived.days) {
        if (day.day >= lo && day.day <= hi) data.grades.push_back(day);
    }
    return data;
}

}  // namespace dayzero::shell
