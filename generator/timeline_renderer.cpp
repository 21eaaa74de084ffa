#include "generator/timeline_renderer.h"

#include <cmath>
#include <map>

#include "generator/event_list.h"
#include "generator/lab_model.h"
#include "generator/random_source.h"
#include "generator/vital_signs_renderer.h"

namespace dayzero::generator {
namespace {

using store::EventKind;

// Salt that separates the rendering stream from the planning stream of the same patient.
constexpr uint64_t kRenderSalt = 0x5DEECE66DULL;

// Weight is measured at screening (day -7); the other attributes are the subject's
// demographics, dated day 0 as the SDTM importer dates DM (which has no per-variable date).
void render_baseline(const PatientPlan& plan, EventList& out) {
    const Baseline& b = plan.baseline;
    const int dm = kDemographicsDay;
    out.add(kScreeningDay, std::nullopt, EventKind::kBaseline, "weight_kg", b.weight_kg, "kg");
    out.add(dm, std::nullopt, EventKind::kBaseline, "age", b.age, "years");
    out.add_text(dm, EventKind::kBaseline, "sex", std::string(1, b.sex));
    out.add_text(dm, EventKind::kBaseline, "center", "C" + std::to_string(b.center));
    out.add_text(dm, EventKind::kBaseline, "arm", b.arm);
    out.add(dm, std::nullopt, EventKind::kBaseline, "blasts_pct", b.blasts_pct, "%");
    out.add(dm, std::nullopt, EventKind::kBaseline, "prior_lines", b.prior_lines);
    out.add(dm, std::nullopt, EventKind::kBaseline, "allo_sct", b.allo_sct ? 1 : 0);
    out.add(dm, std::nullopt, EventKind::kBaseline, "high_risk", b.high_risk ? 1 : 0);
}

// Body-surface area from weight and a typical height for age and sex (Mosteller).
double body_surface_area(const Baseline& b) {
    const double height = b.age < 18 ? 125.0 + 4.5 * (b.age - 8) : (b.sex == 'M' ? 176.0 : 163.0);
    return std::sqrt(height * b.weight_kg / 3600.0);
}

void render_treatment(const PatientPlan& plan, RandomSource& rng, EventList& out) {
    const double bsa = body_surface_area(plan.baseline);
    for (int day = -5; day <= -3; ++day) {
        const int minute = rng.uniform_int(8 * 60, 9 * 60);
        out.add(day, minute, EventKind::kDose, "fludarabine", std::round(30.0 * bsa), "mg");
        out.add(day, minute + 60, EventKind::kDose, "cyclophosphamide", std::round(500.0 * bsa),
                "mg");
    }
    out.add(0, rng.uniform_int(10 * 60, 14 * 60), EventKind::kInfusion, kProductCode,
            plan.baseline.cart_dose, "10^6 cells/kg");
    for (const Dose& dose : plan.doses) {
        out.add(dose.day, dose.minute, EventKind::kDose, dose.drug, dose.mg, "mg");
    }
}

// Sample times: a pre-lymphodepletion check, a day-0 baseline before the infusion, then every
// 1-3 days, daily while CRS is active, and around the first tocilizumab dose.
void render_labs(const PatientPlan& plan, RandomSource& rng, EventList& out) {
    const LabModel model(plan, rng);
    // `full`: the whole panel; otherwise CRP (and ferritin unless `car`, at follow-up visits).
    auto panel = [&](int day, int minute, bool full, bool car) {
        if (!observable(plan, day, minute)) return;
        const int when = day * 1440 + minute;
        const int d = when / 1440;
        const int m = when % 1440;
        if (full) {
            for (std::string_view code : kPanelCodes) {
                out.add(d, m, EventKind::kLab, code, model.sample(code, d, m, rng), lab_unit(code));
            }
        } else {
            for (std::string_view code : {"CRP", "FERRITIN"}) {
                if (car && code == "FERRITIN") continue;
                out.add(d, m, EventKind::kLab, code, model.sample(code, d, m, rng), lab_unit(code));
            }
        }
        if (car) {
            out.add(d, m, EventKind::kLab, "CAR_COPIES", model.sample("CAR_COPIES", d, m, rng),
                    lab_unit("CAR_COPIES"));
        }
    };
    panel(-5, rng.uniform_int(7 * 60, 8 * 60), false, false);
    std::map<int, bool> mornings;  // day -> CAR-T copies measured too
    mornings[0] = false;
    for (int day = rng.uniform_int(1, 2); day < kWindowDays; day += rng.uniform_int(1, 3)) {
        mornings[day] = false;
    }
    for (int day = 0; day < kWindowDays; ++day) {
        if (plan.crs[static_cast<size_t>(day)].severity == 0) continue;
        for (int d = day; d <= std::min(day + 2, kWindowDays - 1); ++d)
            mornings[d] = false;
    }
    for (int day : {7, 14, 21, 28})
        mornings[day] = true;
    for (const auto& [day, car] : mornings) {
        panel(day, rng.uniform_int(6 * 60, 7 * 60 + 30), true, car);
    }
    if (plan.first_toci_day) {
        const int at = *plan.first_toci_day * 1440 + *plan.first_toci_minute;
        panel(0, at - rng.uniform_int(15, 45), true, false);
        panel(0, at + rng.uniform_int(12 * 60, 20 * 60), true, false);
    }
    for (int day : kVisitDays)
        panel(day, 570, false, true);
}

void render_course(const PatientPlan& plan, EventList& out) {
    for (const IcansChange& change : plan.icans) {
        out.add(change.day, std::nullopt, EventKind::kIcans, "", change.grade);
    }
    for (const Infection& infection : plan.infections) {
        out.add(infection.day, std::nullopt, EventKind::kInfection, infection.site,
                infection.grade);
    }
    if (plan.response) {
        out.add(plan.response_day, std::nullopt, EventKind::kResponse, *plan.response);
    }
    if (plan.relapse_day) out.add(*plan.relapse_day, std::nullopt, EventKind::kRelapse);
    if (plan.death_day) {
        std::optional<int> minute;
        if (plan.death_minute) minute = *plan.death_minute;
        out.add(*plan.death_day, minute, EventKind::kDeath, plan.death_cause);
    } else {
        out.add(plan.followup_end_day, std::nullopt, EventKind::kLastFollowup);
    }
}

}  // namespace

std::vector<store::Event> render_timeline(const PatientPlan& plan) {
    RandomSource rng(plan.seed ^ kRenderSalt);
    EventList out(plan.patient_id);
    render_baseline(plan, out);
    render_treatment(plan, rng, out);
    render_vital_signs(plan, rng, out);
    render_labs(plan, rng, out);
    render_course(plan, out);
    return out.take_sorted();
}

}  // namespace dayzero::generator
