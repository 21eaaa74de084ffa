#include "generator/patient_planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "generator/crs_planner.h"
#include "generator/random_source.h"

namespace dayzero::generator {
namespace {

double round_to(double value, double step) {
    return std::round(value / step) * step;
}

Baseline plan_baseline(RandomSource& rng) {
    Baseline b;
    switch (rng.pick({40, 25, 35})) {
        case 0:
            b.age = rng.uniform_int(8, 17);
            break;
        case 1:
            b.age = rng.uniform_int(18, 39);
            break;
        default:
            b.age = rng.uniform_int(40, 70);
            break;
    }
    b.sex = rng.chance(0.58) ? 'M' : 'F';
    const double median_weight = b.age < 18 ? 3.6 * b.age - 3.0 : (b.sex == 'M' ? 80.0 : 67.0);
    b.weight_kg = round_to(std::clamp(rng.lognormal(median_weight, 0.16), 18.0, 160.0), 0.1);
    switch (rng.pick({45, 20, 35})) {
        case 0:
            b.blasts_pct = rng.uniform_int(0, 29);
            break;
        case 1:
            b.blasts_pct = rng.uniform_int(30, 50);
            break;
        default:
            b.blasts_pct = rng.uniform_int(51, 98);
            break;
    }
    b.prior_lines = static_cast<int>(rng.pick({15, 35, 28, 14, 8})) + 1;
    b.allo_sct = rng.chance(b.prior_lines >= 3 ? 0.55 : 0.35);
    b.high_risk = rng.chance(0.35);
    b.center = static_cast<int>(rng.pick({35, 30, 20, 15})) + 1;
    b.arm = rng.chance(0.5) ? "early_toci" : "standard";
    static constexpr std::array<double, 3> kDoseLevels{1.0, 2.5, 5.0};
    b.cart_dose = round_to(kDoseLevels[rng.pick({30, 40, 30})] * rng.uniform(0.8, 1.05), 0.01);
    return b;
}

// ICANS usually follows CRS and is more frequent and severer after severe CRS; grades are
// recorded when they change. Grade >= 2 is treated with dexamethasone every 6 h.
void plan_icans(RandomSource& rng, PatientPlan& plan) {
    static constexpr std::array<double, 6> kChance{0.05, 0.15, 0.25, 0.45, 0.70, 0.50};
    const int crs = plan.max_grade;
    if (!rng.chance(kChance[static_cast<size_t>(crs)])) return;
    int day = crs > 0 ? plan.onset_day + rng.uniform_int(1, 6) : rng.uniform_int(3, 10);
    day = std::min(day, 24);
    const int last_allowed = plan.death_day ? *plan.death_day - 1 : kWindowDays - 1;
    const int peak =
        static_cast<int>(crs >= 3 ? rng.pick({20, 30, 35, 15}) : rng.pick({45, 30, 18, 7})) + 1;
    std::vector<int> grades;
    if (peak >= 2 && rng.chance(0.5)) grades.push_back(1);
    for (int g = peak; g >= 1; --g)
        grades.push_back(g);
    for (int grade : grades) {
        if (day > last_allowed) break;
        const int last = std::min(last_allowed, day + rng.uniform_int(0, grade >= 3 ? 3 : 2));
        plan.icans.push_back(IcansChange{day, last, grade});
        if (grade >= 2) {
            int at = day * 1440 + rng.uniform_int(10 * 60, 20 * 60);
            for (; at / 1440 <= last; at += 360) {
                plan.doses.push_back(Dose{at / 1440, at % 1440, "dexamethasone",
                                          dexamethasone_mg(plan.baseline.weight_kg)});
            }
        }
        day = last + 1;
    }
}

void plan_infections(RandomSource& rng, PatientPlan& plan) {
    // Codes are the MedDRA-like preferred terms in snake case, as the SDTM importer names them.
    static constexpr std::array<const char*, 6> kSites{"bacteraemia",
                                                       "pneumonia",
                                                       "upper_respiratory_tract_infection",
                                                       "urinary_tract_infection",
                                                       "clostridium_difficile_colitis",
                                                       "cellulitis"};
    const size_t count = rng.pick({60, 30, 10});
    for (size_t i = 0; i < count; ++i) {
        Infection infection;
        infection.day = rng.chance(0.4) ? rng.uniform_int(3, 30) : rng.uniform_int(31, 400);
        infection.site = kSites[rng.pick({25, 25, 20, 15, 10, 5})];
        infection.grade = static_cast<int>(rng.pick({5, 42, 38, 12, 3})) + 1;
        plan.infections.push_back(infection);
    }
    std::sort(plan.infections.begin(), plan.infections.end(),
              [](const Infection& a, const Infection& b) { return a.day < b.day; });
}

void plan_gcsf(RandomSource& rng, PatientPlan& plan) {
    if (!rng.chance(0.3)) return;
    const int start = rng.uniform_int(5, 10);
    const int days = rng.uniform_int(3, 7);
    const double mg = std::max(0.05, round_to(0.005 * plan.baseline.weight_kg, 0.01));
    for (int d = start; d < start + days; ++d) {
        plan.doses.push_back(Dose{d, rng.uniform_int(9 * 60, 10 * 60), "gcsf", mg});
    }
}

void set_death(PatientPlan& plan, int day, const char* cause) {
    if (plan.death_day && *plan.death_day <= day) return;
    plan.death_day = day;
    plan.death_minute.reset();
    plan.death_cause = cause;
}

// Response, relapse and deaths other than by CRS; then cuts everything at death or last contact.
void plan_outcomes(RandomSource& rng, PatientPlan& plan) {
    const int last_contact =
        static_cast<int>(kCutoffEpochDay - plan.infusion_epoch_day) - rng.uniform_int(0, 45);
    for (const Infection& infection : plan.infections) {
        if (infection.grade == 5)
            set_death(plan, infection.day + rng.uniform_int(0, 7), "infection");
    }
    plan.response_day = 28 + rng.uniform_int(-2, 4);
    static constexpr std::array<const char*, 4> kResponses{"CR_MRD_NEG", "CR_MRD_POS", "PR", "NR"};
    const size_t response =
        plan.baseline.blasts_pct > 50 ? rng.pick({58, 16, 8, 18}) : rng.pick({66, 14, 6, 14});
    const double relapse_chance = response == 0 ? 0.35 : (response == 1 ? 0.6 : 0.85);
    int relapse = response <= 1 ? plan.response_day + static_cast<int>(rng.lognormal(200, 0.7))
                                : rng.uniform_int(35, 120);
    const bool relapses = rng.chance(relapse_chance);
    const bool dies_of_relapse = rng.chance(0.65);
    const int relapse_death = relapse + 7 + static_cast<int>(rng.lognormal(160, 0.7));
    const bool dies_other = rng.chance(0.04);
    const int other_death = rng.uniform_int(30, 1000);

    if (!plan.death_day || *plan.death_day >= plan.response_day) {
        plan.response = kResponses[response];
    }
    if (relapses && (!plan.death_day || relapse < *plan.death_day)) {
        plan.relapse_day = relapse;
        if (dies_of_relapse) set_death(plan, relapse_death, "relapse");
    }
    if (dies_other) set_death(plan, other_death, "other");

    if (plan.death_day && *plan.death_day > last_contact) {
        plan.death_day.reset();
        plan.death_minute.reset();
        plan.death_cause.clear();
    }
    plan.followup_end_day = plan.death_day ? *plan.death_day : last_contact;
    const int end = plan.followup_end_day;
    if (plan.relapse_day && *plan.relapse_day > end) plan.relapse_day.reset();
    if (plan.response && plan.response_day > end) plan.response.reset();
    std::erase_if(plan.infections, [end](const Infection& i) { return i.day > end; });
    std::erase_if(plan.doses, [&plan](const Dose& d) {
        if (!plan.death_day) return false;
        if (d.day != *plan.death_day) return d.day > *plan.death_day;
        return plan.death_minute && d.minute >= *plan.death_minute;
    });
    std::erase_if(plan.icans, [end](const IcansChange& c) { return c.day > end; });
}

}  // namespace

std::string patient_id(uint64_t index, int width) {
    return fmt::format("P{:0{}}", index + 1, width);
}

PatientPlan plan_patient(uint64_t cohort_seed, uint64_t index, int id_width) {
    PatientPlan plan;
    plan.patient_id = patient_id(index, id_width);
    plan.seed = RandomSource::patient_seed(cohort_seed, index);
    RandomSource rng(plan.seed);
    plan.baseline = plan_baseline(rng);
    plan.infusion_epoch_day = kFirstInfusionEpochDay + rng.uniform_int(0, 700);
    plan_crs(rng, plan);
    plan_icans(rng, plan);
    plan_gcsf(rng, plan);
    plan_infections(rng, plan);
    plan_outcomes(rng, plan);
    std::stable_sort(plan.doses.begin(), plan.doses.end(), [](const Dose& a, const Dose& b) {
        return a.day != b.day ? a.day < b.day : a.minute < b.minute;
    });
    grade_plan(plan);
    return plan;
}

}  // namespace dayzero::generator
