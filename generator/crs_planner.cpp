#include "generator/crs_planner.h"

#include <algorithm>
#include <cmath>

namespace dayzero::generator {
namespace {

// Target mix of the maximum grade among patients with CRS (grades 1..5), and the share of
// patients with any CRS (docs/GENERATOR.md, "The model"). 15/40/35/5/1 sums to 96, so it is used
// as relative weights.
constexpr double kAnyCrs = 0.90;
constexpr std::array<double, 5> kGradeMix{15, 40, 35, 5, 1};

double round_to(double value, double step) {
    return std::round(value / step) * step;
}

double normal_cdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Severity risk from disease burden and cell dose, roughly standardised; correlated with the
// grade through a Gaussian copula so the marginal mix stays on target.
int sample_max_grade(RandomSource& rng, const Baseline& b) {
    const double risk = ((b.blasts_pct - 40.0) / 28.0 + 0.5 * (b.cart_dose - 2.7) / 1.5 +
                         0.3 * ((b.high_risk ? 1.0 : 0.0) - 0.35) / 0.48) /
                        1.16;
    const double u = normal_cdf(0.5 * risk + std::sqrt(0.75) * rng.normal());
    if (u < 1.0 - kAnyCrs) return 0;
    double total = 0.0;
    for (double w : kGradeMix)
        total += w;
    double cumulative = 1.0 - kAnyCrs;
    for (size_t g = 0; g < kGradeMix.size(); ++g) {
        cumulative += kAnyCrs * kGradeMix[g] / total;
        if (u < cumulative) return static_cast<int>(g) + 1;
    }
    return 5;
}

// Onset day: earlier for more severe CRS; median about day 5 overall, range 0..14.
int sample_onset(RandomSource& rng, int grade) {
    static constexpr std::array<double, 6> kMedian{0, 6.0, 5.0, 4.2, 3.2, 2.5};
    if (grade >= 3 && rng.chance(0.04)) return 0;  // fever within hours of the infusion
    const double day = rng.lognormal(kMedian[static_cast<size_t>(grade)], 0.45);
    return std::clamp(static_cast<int>(std::lround(day)), 0, 14);
}

// Planned length (days) of the physiological course; treatment shortens what is observed.
int sample_length(RandomSource& rng, int grade) {
    static constexpr std::array<double, 5> kMedian{0, 4.0, 6.5, 8.5, 10.5};
    static constexpr std::array<int, 5> kMin{0, 1, 2, 3, 4};
    const double days = rng.lognormal(kMedian[static_cast<size_t>(grade)], 0.35);
    return std::clamp(static_cast<int>(std::lround(days)), kMin[static_cast<size_t>(grade)], 14);
}

// How an episode expresses its intensity: the leading organ (0 = blood pressure, 1 = oxygen,
// 2 = both) and whether the other organ joins at a lower level on severe days.
struct Expression {
    int lead = 0;
    bool secondary = false;
};

void express_day(const Expression& e, int severity, CrsDay& day) {
    day.severity = severity;
    day.fever = true;
    if (severity <= 1) return;
    const int support = severity >= 3 && e.secondary ? 2 : 0;
    day.hypotension = e.lead == 1 ? support : severity;
    day.hypoxia = e.lead == 0 ? support : (e.lead == 2 && support > 0 ? support : severity);
}

// Intensity profile of one episode: ramp up, plateau at the peak, step down (1-2 days per
// level), grade-1 tail.
std::vector<int> intensity_profile(RandomSource& rng, int peak, int length) {
    std::vector<int> profile(static_cast<size_t>(length), 1);
    if (peak <= 1) return profile;
    const int start = std::min(length - 1, rng.uniform_int(1, 2));
    const int plateau = std::clamp(rng.uniform_int(1, peak - 1), 1, length - start);
    int i = 0;
    for (; i < start; ++i)
        profile[static_cast<size_t>(i)] = std::max(1, peak - (start - i));
    for (; i < start + plateau; ++i)
        profile[static_cast<size_t>(i)] = peak;
    for (int level = peak - 1; level >= 2 && i < length; --level) {
        for (int hold = rng.uniform_int(1, 2); hold > 0 && i < length; --hold, ++i) {
            profile[static_cast<size_t>(i)] = level;
        }
    }
    return profile;
}

double toci_probability(int grade, bool early_arm) {
    static constexpr std::array<double, 6> kStandard{0, 0.0, 0.25, 0.55, 1.0, 1.0};
    static constexpr std::array<double, 6> kEarly{0, 0.15, 0.40, 0.70, 1.0, 1.0};
    return (early_arm ? kEarly : kStandard)[static_cast<size_t>(grade)];
}

void add_dose(PatientPlan& plan, int day, int minute, const char* drug, double mg) {
    day += minute / 1440;
    minute %= 1440;
    plan.doses.push_back(Dose{day, minute, drug, mg});
}

// Tocilizumab (1-4 doses, >= 8 h apart) from `day`, then steroids for severe CRS.
void plan_treatment(RandomSource& rng, PatientPlan& plan, int grade, int day, int last_day) {
    const double weight = plan.baseline.weight_kg;
    int count = 1;
    if (grade <= 2)
        count = rng.chance(0.2) ? 2 : 1;
    else if (grade == 3)
        count = static_cast<int>(rng.pick({50, 35, 15})) + 1;
    else
        count = static_cast<int>(rng.pick({40, 40, 20})) + 2;
    int minute = rng.uniform_int(8 * 60, 21 * 60);
    plan.first_toci_day = day;
    plan.first_toci_minute = minute;
    for (int i = 0; i < count; ++i) {
        if (day + minute / 1440 > last_day) break;
        add_dose(plan, day, minute, "tocilizumab", tocilizumab_mg(weight));
        minute += rng.uniform_int(8 * 60, 12 * 60);
    }
    const double steroid_chance = grade >= 4 ? 0.9 : (grade == 3 ? 0.5 : 0.0);
    if (!rng.chance(steroid_chance)) return;
    const int start = day + rng.uniform_int(0, 1);
    if (grade >= 4 && rng.chance(0.5)) {
        const double mg = std::min(1000.0, round_to(30.0 * weight, 1.0));
        for (int d = start; d < start + 3 && d <= last_day; ++d) {
            add_dose(plan, d, rng.uniform_int(9 * 60, 11 * 60), "methylprednisolone", mg);
        }
        return;
    }
    const int doses = 4 * rng.uniform_int(1, 3);
    int at = start * 1440 + rng.uniform_int(10 * 60, 14 * 60);
    for (int i = 0; i < doses && at / 1440 <= last_day; ++i, at += 360) {
        add_dose(plan, 0, at, "dexamethasone", dexamethasone_mg(weight));
    }
}

// Writes one episode of planned peak `grade` starting at `onset` into plan.crs.
void plan_episode(RandomSource& rng, PatientPlan& plan, int grade, int onset, bool may_treat) {
    const bool crs_death = grade == 5;
    const int peak = std::min(grade, 4);
    int length = crs_death ? rng.uniform_int(4, 9) : sample_length(rng, peak);
    const bool treat =
        may_treat && rng.chance(toci_probability(grade, plan.baseline.arm == "early_toci"));
    length = std::min(length, kWindowDays - 2 - onset);
    std::vector<int> profile = intensity_profile(rng, peak, length);
    const Expression expression{static_cast<int>(rng.pick({35, 35, 30})), rng.chance(0.4)};
    for (int i = 0; i < length; ++i) {
        express_day(expression, profile[static_cast<size_t>(i)],
                    plan.crs[static_cast<size_t>(onset + i)]);
    }
    const int last = onset + length - 1;
    if (crs_death) {
        plan.death_day = last;
        plan.death_minute = rng.uniform_int(0, 1439);
        plan.death_cause = "crs";
        CrsDay& final_day = plan.crs[static_cast<size_t>(last)];
        final_day.hypotension = 4;
        final_day.hypoxia = 4;
    }
    if (!treat) {
        // A single afebrile day inside an untreated episode, in its grade-1 stretch.
        if (length >= 4 && rng.chance(0.3)) {
            for (int i = length - 2; i >= 1; --i) {
                CrsDay& day = plan.crs[static_cast<size_t>(onset + i)];
                if (day.severity == 1) {
                    day.fever = false;
                    break;
                }
            }
        }
        return;
    }
    // Tocilizumab when the grade reaches 2 (or 3 for some severe cases); early arm at grade 1
    // after a day of fever. Fever settles within a day after the first dose.
    int day = onset;
    const int trigger = peak >= 3 && rng.chance(0.5) ? 3 : std::min(peak, 2);
    while (day < last && plan.crs[static_cast<size_t>(day)].severity < trigger)
        ++day;
    if (peak == 1) day = std::min(last, onset + 1);
    if (peak == 2 && day < last && rng.chance(0.5)) ++day;
    plan_treatment(rng, plan, grade, day, crs_death ? last : kWindowDays - 1);
    const bool persists = rng.chance(0.5);
    for (int d = day + 1; d <= last; ++d) {
        CrsDay& later = plan.crs[static_cast<size_t>(d)];
        later.fever = (d == day + 1 && persists) || (crs_death && d == last);
    }
}

}  // namespace

double tocilizumab_mg(double weight_kg) {
    return std::min(800.0, round_to(8.0 * weight_kg, 0.1));
}

double dexamethasone_mg(double weight_kg) {
    return weight_kg >= 40.0 ? 10.0 : round_to(0.25 * weight_kg, 0.1);
}

void plan_crs(RandomSource& rng, PatientPlan& plan) {
    const int grade = sample_max_grade(rng, plan.baseline);
    if (grade == 0) {
        grade_plan(plan);
        return;
    }
    const int onset = sample_onset(rng, grade);
    plan_episode(rng, plan, grade, onset, true);
    const std::vector<PlannedEpisode> episodes = grade_plan(plan);
    // Some patients flare again: a short, mild, untreated second episode after a gap.
    if (grade < 5 && !episodes.empty() && rng.chance(0.09)) {
        const int start = episodes.back().end + rng.uniform_int(3, 8);
        if (start <= kWindowDays - 3) {
            plan_episode(rng, plan, rng.chance(0.8) ? 1 : 2, start, false);
        }
    }
    std::sort(plan.doses.begin(), plan.doses.end(), [](const Dose& a, const Dose& b) {
        return a.day != b.day ? a.day < b.day : a.minute < b.minute;
    });
    grade_plan(plan);
}

std::vector<PlannedEpisode> grade_plan(PatientPlan& plan) {
    for (CrsDay& day : plan.crs)
        day.treated = false;
    for (const Dose& dose : plan.doses) {
        const bool treatment = dose.drug == "tocilizumab" || dose.drug == "dexamethasone" ||
                               dose.drug == "methylprednisolone";
        if (treatment && dose.day >= 0 && dose.day < kWindowDays) {
            plan.crs[static_cast<size_t>(dose.day)].treated = true;
        }
    }
    std::vector<PlannedEpisode> episodes;
    const int last_day =
        plan.death_day ? std::min(*plan.death_day, kWindowDays - 1) : kWindowDays - 1;
    bool open = false;
    bool masked = false;
    int negative_run = 0;
    PlannedEpisode current;
    for (int d = 0; d < kWindowDays; ++d) {
        CrsDay& day = plan.crs[static_cast<size_t>(d)];
        day.grade = 0;
        if (d > last_day) continue;
        const bool crs_death = plan.death_day == d && plan.death_cause == "crs";
        if (!open && (day.fever || crs_death)) {
            open = true;
            masked = false;
            negative_run = 0;
            current = PlannedEpisode{d, d, 0};
        }
        if (!open) continue;
        if (day.treated) masked = true;
        const int organ = std::max(day.hypotension, day.hypoxia);
        if (crs_death)
            day.grade = 5;
        else if (day.fever)
            day.grade = std::max(1, organ);
        else if (masked)
            day.grade = organ;
        if (day.grade >= 1) {
            current.end = d;
            current.max_grade = std::max(current.max_grade, day.grade);
            negative_run = 0;
        } else if (++negative_run == 2) {
            episodes.push_back(current);
            open = false;
        }
    }
    if (open) episodes.push_back(current);
    plan.max_grade = 0;
    plan.episode_onsets.clear();
    plan.episode_durations.clear();
    plan.episode_grades.clear();
    for (const PlannedEpisode& e : episodes) {
        plan.max_grade = std::max(plan.max_grade, e.max_grade);
        plan.episode_onsets.push_back(e.onset);
        plan.episode_durations.push_back(e.end - e.onset + 1);
        plan.episode_grades.push_back(e.max_grade);
    }
    plan.episodes = static_cast<int>(episodes.size());
    plan.onset_day = episodes.empty() ? -1 : episodes.front().onset;
    return episodes;
}

}  // namespace dayzero::generator
