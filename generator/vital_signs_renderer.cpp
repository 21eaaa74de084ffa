#include "generator/vital_signs_renderer.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace dayzero::generator {
namespace {

using store::EventKind;

constexpr std::array<int, 6> kTempSlots{120, 360, 600, 840, 1080, 1320};

// Temperatures are whole tenths of a degree and never fall in 37.9..38.1, so the fever
// threshold is unambiguous even after a °F round trip.
double temperature(double celsius) {
    long tenths = std::lround(celsius * 10.0);
    if (tenths > 378 && tenths < 382) tenths = tenths < 380 ? 378 : 382;
    return static_cast<double>(tenths) / 10.0;
}

double afebrile(RandomSource& rng) {
    return temperature(std::clamp(rng.normal(36.8, 0.35), 35.8, 37.8));
}

int last_observed_day(const PatientPlan& plan) {
    return std::min(plan.followup_end_day, kWindowDays - 1);
}

std::optional<int> first_toci_minute(const PatientPlan& plan, int day) {
    for (const Dose& dose : plan.doses) {
        if (dose.day == day && dose.drug == "tocilizumab") return dose.minute;
    }
    return std::nullopt;
}

void render_day_temperatures(const PatientPlan& plan, RandomSource& rng, int day, EventList& out) {
    const CrsDay* crs = day >= 0 ? &plan.crs[static_cast<size_t>(day)] : nullptr;
    const bool fever = crs != nullptr && crs->fever;
    std::vector<int> slots(kTempSlots.begin(), kTempSlots.end());
    const int count = fever ? 6 : rng.uniform_int(4, 6);
    while (static_cast<int>(slots.size()) > count) {
        slots.erase(slots.begin() + rng.uniform_int(0, static_cast<int>(slots.size()) - 1));
    }
    std::vector<int> times;
    for (int slot : slots) {
        const int minute = slot + rng.uniform_int(-15, 25);
        if (observable(plan, day, minute)) times.push_back(minute);
    }
    if (times.empty()) return;
    const std::optional<int> toci = first_toci_minute(plan, day);
    size_t peak = static_cast<size_t>(rng.uniform_int(0, static_cast<int>(times.size()) - 1));
    if (toci) {
        // The fever that prompted the dose is recorded before it.
        peak = 0;
        while (peak + 1 < times.size() && times[peak + 1] < *toci)
            ++peak;
    }
    const double peak_value = temperature(
        std::clamp(rng.uniform(38.2, 39.0 + 0.35 * (crs ? crs->severity : 0)), 38.2, 40.9));
    for (size_t i = 0; i < times.size(); ++i) {
        double value = afebrile(rng);
        if (fever && i == peak)
            value = peak_value;
        else if (fever && !(toci && times[i] > *toci)) {
            value = temperature(peak_value - rng.uniform(0.2, 1.8));
        }
        out.add(day, times[i], EventKind::kTemp, "", value, "C");
    }
}

void render_pressures(const PatientPlan& plan, RandomSource& rng, int hospital_end,
                      EventList& out) {
    const double usual = (plan.baseline.age < 18 ? 104.0 : 121.0) + rng.normal(0.0, 6.0);
    auto normal_bp = [&] { return std::round(std::clamp(rng.normal(usual, 9.0), 90.0, 165.0)); };
    for (int day = -1; day <= last_observed_day(plan); ++day) {
        std::vector<int> times;
        if (day <= hospital_end) {
            for (int slot : {240, 720, 1200})
                times.push_back(slot + rng.uniform_int(-20, 20));
        } else {
            times.push_back(600 + rng.uniform_int(-20, 20));
        }
        const int level = day >= 0 ? plan.crs[static_cast<size_t>(day)].hypotension : 0;
        const size_t low = times.size() > 1 ? 1 : 0;
        for (size_t i = 0; i < times.size(); ++i) {
            if (!observable(plan, day, times[i])) continue;
            double value = normal_bp();
            if (level == 2 && i == low) value = rng.uniform_int(72, 88);
            if (level >= 3 && i == low) value = rng.uniform_int(62, 84);
            out.add(day, times[i], EventKind::kSbp, "", value, "mmHg");
            if (level == 2 && i == low) {
                out.add(day, times[i] + rng.uniform_int(5, 30), EventKind::kHypotensionFluids);
            }
        }
    }
}

// The device (and flow) a patient receives for a hypoxia level; chosen once per patient.
struct OxygenChoice {
    std::array<size_t, 5> device{};
};

void add_oxygen(const PatientPlan& plan, RandomSource& rng, const OxygenChoice& choice, int level,
                int day, int minute, EventList& out) {
    if (!observable(plan, day, minute)) return;
    const bool child = plan.baseline.age < 16;
    const bool dying = plan.death_day == day && plan.death_cause == "crs";
    std::string device = "room_air";
    std::optional<double> flow;
    if (level == 2) {
        device = choice.device[2] == 0 || !child ? "low_flow_nc" : "blow_by";
        if (device == "low_flow_nc") flow = rng.uniform_int(1, 6);
    } else if (level == 3) {
        static constexpr std::array<const char*, 5> kLevel3{"high_flow_nc", "non_rebreather",
                                                            "facemask", "venturi", "low_flow_nc"};
        device = kLevel3[choice.device[3]];
        if (device == "high_flow_nc")
            flow = child ? rng.uniform_int(10, 30) : rng.uniform_int(20, 50);
        else if (device == "non_rebreather")
            flow = 15;
        else if (device == "facemask")
            flow = rng.uniform_int(6, 10);
        else if (device == "venturi")
            flow = rng.uniform_int(10, 12);
        else
            flow = rng.uniform_int(7, 8);
    } else if (level == 4) {
        static constexpr std::array<const char*, 3> kLevel4{"bipap", "cpap",
                                                            "mechanical_ventilation"};
        device = dying ? "mechanical_ventilation" : kLevel4[choice.device[4]];
    }
    out.add(day, minute, EventKind::kOxygen, device, flow, flow ? "L/min" : "");
}

void render_oxygen(const PatientPlan& plan, RandomSource& rng, EventList& out) {
    OxygenChoice choice;
    choice.device[2] = rng.chance(0.3) ? 1 : 0;
    choice.device[3] = rng.pick({70, 10, 8, 5, 7});
    choice.device[4] = plan.max_grade >= 4 ? rng.pick({50, 25, 25}) : rng.pick({65, 35});
    int current = 0;
    const int last = last_observed_day(plan);
    for (int day = 0; day <= last; ++day) {
        const int level = plan.crs[static_cast<size_t>(day)].hypoxia;
        if (level > current) {
            add_oxygen(plan, rng, choice, level, day, rng.uniform_int(8 * 60, 20 * 60), out);
        }
        current = level;
        // Weaning happens late on the last day at a level, so the next day starts lower.
        const int next = day < last ? plan.crs[static_cast<size_t>(day + 1)].hypoxia : 0;
        const bool dies_today = plan.death_day == day;
        if (next < current && !dies_today && (day < last || current > 0)) {
            add_oxygen(plan, rng, choice, next, day, rng.uniform_int(21 * 60, 23 * 60 + 30), out);
            current = next;
        }
    }
}

void render_vasopressors(const PatientPlan& plan, RandomSource& rng, EventList& out) {
    static constexpr std::array<const char*, 4> kDrugs{"norepinephrine", "phenylephrine",
                                                       "dopamine", "epinephrine"};
    const size_t primary = rng.pick({80, 10, 10, 0});
    size_t second = rng.pick({0, 25, 15, 60});
    if (second == primary) second = 3;
    const bool adjunct = rng.chance(0.15);
    const int last = last_observed_day(plan);
    auto level_on = [&](int day) {
        return day <= last ? plan.crs[static_cast<size_t>(day)].hypotension : 0;
    };
    auto emit = [&](int day, int minute, store::EventKind kind, const char* drug) {
        if (observable(plan, day, minute)) out.add(day, minute, kind, drug);
    };
    for (int day = 0; day <= last; ++day) {
        const int level = level_on(day);
        const int previous = day > 0 ? level_on(day - 1) : 0;
        const int next = level_on(day + 1);
        const bool dies_today = plan.death_day == day;
        const int start = rng.uniform_int(9 * 60, 17 * 60);
        if (level >= 3 && previous < 3) {
            emit(day, start, EventKind::kVasopressorStart, kDrugs[primary]);
            if (adjunct) {
                emit(day, start + 60, EventKind::kVasopressorStart, "vasopressin");
                emit(day, 19 * 60 + 30, EventKind::kVasopressorStop, "vasopressin");
            }
        }
        if (level == 4 && previous < 4) {
            const int at = previous >= 3 ? start : start + rng.uniform_int(30, 180);
            emit(day, at, EventKind::kVasopressorStart, kDrugs[second]);
        }
        if (dies_today) break;
        if (level == 4 && next < 4) {
            emit(day, rng.uniform_int(20 * 60, 21 * 60), EventKind::kVasopressorStop,
                 kDrugs[second]);
        }
        if (level >= 3 && next < 3) {
            emit(day, rng.uniform_int(21 * 60 + 30, 23 * 60 + 30), EventKind::kVasopressorStop,
                 kDrugs[primary]);
        }
    }
}

}  // namespace

bool observable(const PatientPlan& plan, int day, int minute) {
    day += minute / 1440;
    minute %= 1440;
    if (day > plan.followup_end_day) return false;
    if (!plan.death_day || day < *plan.death_day) return true;
    if (day > *plan.death_day) return false;
    return !plan.death_minute || minute < *plan.death_minute;
}

void render_vital_signs(const PatientPlan& plan, RandomSource& rng, EventList& out) {
    for (int day : {-7, -5, -4, -3}) {
        out.add(day, 600 + rng.uniform_int(-20, 20), EventKind::kTemp, "", afebrile(rng), "C");
    }
    for (int day = -1; day <= last_observed_day(plan); ++day) {
        render_day_temperatures(plan, rng, day, out);
    }
    int hospital_end = 7;
    for (int d = 0; d < kWindowDays; ++d) {
        if (plan.crs[static_cast<size_t>(d)].severity > 0)
            hospital_end = std::max(hospital_end, d + 3);
    }
    for (const IcansChange& change : plan.icans)
        hospital_end = std::max(hospital_end, change.last_day + 2);
    render_pressures(plan, rng, std::min(hospital_end, kWindowDays - 1), out);
    render_oxygen(plan, rng, out);
    render_vasopressors(plan, rng, out);
    for (int day : kVisitDays) {
        if (!observable(plan, day, 600)) break;
        out.add(day, 600, EventKind::kTemp, "", afebrile(rng), "C");
        out.add(day, 605, EventKind::kSbp, "", std::round(rng.normal(118.0, 10.0)), "mmHg");
    }
}

}  // namespace dayzero::generator
