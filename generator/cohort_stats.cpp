#include "generator/cohort_stats.h"

#include <fmt/format.h>

#include <algorithm>

namespace dayzero::generator {

double median(std::vector<int> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

void CohortStats::add(const GeneratedPatient& patient) {
    const PatientPlan& plan = patient.plan;
    ++patients_;
    events_ += patient.events.size();
    ++by_grade_[static_cast<size_t>(plan.max_grade)];
    if (plan.first_toci_day) {
        ++toci_;
        ++toci_by_grade_[static_cast<size_t>(plan.max_grade)];
    }
    if (plan.episodes >= 2) ++second_episodes_;
    if (plan.onset_day >= 0) {
        onsets_.push_back(plan.onset_day);
        durations_.push_back(plan.episode_durations.front());
    }
    bool gap = false;
    for (int d = 1; d + 1 < kWindowDays; ++d) {
        const auto& c = plan.crs;
        if (c[d].grade == 0 && c[d - 1].grade > 0 && c[d + 1].grade > 0) gap = true;
    }
    if (gap) ++afebrile_gap_;
    if (!plan.icans.empty()) ++icans_;
    if (!plan.infections.empty()) ++infection_;
    for (const Dose& dose : plan.doses) {
        if (dose.drug == "dexamethasone" || dose.drug == "methylprednisolone") {
            ++steroids_;
            break;
        }
    }
    if (plan.death_day) ++deaths_;
    if (plan.relapse_day) ++relapses_;
    if (plan.response && plan.response->rfind("CR", 0) == 0) ++complete_remission_;
    followup_.push_back(plan.followup_end_day);
}

std::string CohortStats::report() const {
    const double n = patients_ > 0 ? static_cast<double>(patients_) : 1.0;
    auto pct = [](uint64_t part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; };
    uint64_t any_crs = 0;
    for (int g = 1; g <= 5; ++g)
        any_crs += by_grade_[static_cast<size_t>(g)];
    std::string out = fmt::format("patients {}  events {}  events/patient {:.1f}\n", patients_,
                                  events_, events_ / n);
    out += fmt::format("any CRS {} ({:.1f}%)\n", any_crs, pct(any_crs, n));
    for (int g = 1; g <= 5; ++g) {
        const uint64_t k = by_grade_[static_cast<size_t>(g)];
        out += fmt::format("  max grade {}: {} ({:.1f}% of CRS); tocilizumab {} ({:.1f}%)\n", g, k,
                           pct(k, static_cast<double>(any_crs)),
                           toci_by_grade_[static_cast<size_t>(g)],
                           pct(toci_by_grade_[static_cast<size_t>(g)], static_cast<double>(k)));
    }
    const auto range = [](const std::vector<int>& v) {
        if (v.empty()) return std::string("-");
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        return fmt::format("{}-{}", *lo, *hi);
    };
    out += fmt::format("onset day median {} (range {})\n", median(onsets_), range(onsets_));
    out += fmt::format("first-episode duration median {} days (range {})\n", median(durations_),
                       range(durations_));
    out += fmt::format("tocilizumab {} ({:.1f}%)  steroids {} ({:.1f}%)\n", toci_, pct(toci_, n),
                       steroids_, pct(steroids_, n));
    out += fmt::format("second episode {} ({:.1f}%)  single negative day inside {} ({:.1f}%)\n",
                       second_episodes_, pct(second_episodes_, n), afebrile_gap_,
                       pct(afebrile_gap_, n));
    out += fmt::format("ICANS {} ({:.1f}%)  infection {} ({:.1f}%)\n", icans_, pct(icans_, n),
                       infection_, pct(infection_, n));
    out += fmt::format("CR at day 28 {} ({:.1f}%)  relapse {} ({:.1f}%)  death {} ({:.1f}%)\n",
                       complete_remission_, pct(complete_remission_, n), relapses_,
                       pct(relapses_, n), deaths_, pct(deaths_, n));
    out +=
        fmt::format("follow-up median {} days (range {})\n", median(followup_), range(followup_));
    return out;
}

}  // namespace dayzero::generator
