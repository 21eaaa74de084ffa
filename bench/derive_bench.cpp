// derive_bench: throughput of derive_patient (daily ASTCT grades, episodes, patient measures).
// Synthesises a cohort of realistic CAR-T timelines one patient at a time (as the store streams
// them: memory bounded by one patient) and times only the derivation.
//
// Usage: derive_bench [patients=10000] [seed=7]

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "derive/patient_derivation.h"

namespace {

using dayzero::store::Event;
using dayzero::store::EventKind;

// Builds one synthetic patient's timeline (about 430 events) into `out`, in timeline order.
class PatientSynth {
  public:
    explicit PatientSynth(uint64_t seed) : rng_(seed) {}

    void make(int number, std::vector<Event>& out) {
        out.clear();
        id_ = "BENCH-" + std::to_string(number);
        out_ = &out;
        baseline();
        const bool crs = chance(0.7);
        const int onset = uniform(1, 9);
        const int end = onset + uniform(1, 9);
        const int grade = crs ? uniform(1, 4) : 0;
        for (int day = -5; day <= 28; ++day)
            day_of_care(day, crs && day >= onset && day <= end, grade, day == onset);
        follow_up();
        std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
            if (a.day != b.day) return a.day < b.day;
            if (a.minute.has_value() != b.minute.has_value()) return !a.minute.has_value();
            return a.minute.value_or(0) < b.minute.value_or(0);
        });
        for (auto& event : out)
            event.seq = ++seq_;
    }

  private:
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    double normal(double mean, double sd) {
        return std::normal_distribution<double>(mean, sd)(rng_);
    }

    void add(int day, int minute, EventKind kind, std::string code, std::optional<double> value,
             const char* unit) {
        Event event;
        event.patient_id = id_;
        event.day = day;
        if (minute >= 0) event.minute = static_cast<uint16_t>(minute);
        event.kind = kind;
        event.code = std::move(code);
        event.value = value;
        event.unit = unit;
        out_->push_back(std::move(event));
    }

    void baseline() {
        add(-7, -1, EventKind::kBaseline, "age", uniform(3, 75), "years");
        add(-7, -1, EventKind::kBaseline, "sex", std::nullopt, "");
        out_->back().text = chance(0.5) ? "M" : "F";
        add(-7, -1, EventKind::kBaseline, "weight_kg", uniform(15, 110), "kg");
        add(-7, -1, EventKind::kBaseline, "blasts_pct", uniform(0, 95), "%");
        add(-7, -1, EventKind::kBaseline, "high_risk", uniform(0, 1), "");
        add(-7, -1, EventKind::kBaseline, "arm", std::nullopt, "");
        out_->back().text = chance(0.5) ? "early_toci" : "standard";
        add(0, 600, EventKind::kInfusion, "tisagenlecleucel", normal(3.0, 0.8), "10^6 cells/kg");
    }

    void day_of_care(int day, bool crs, int grade, bool onset) {
        if (day >= -5 && day <= -3) {
            add(day, 540, EventKind::kDose, "fludarabine", 30.0, "mg");
            if (day == -5) add(day, 600, EventKind::kDose, "cyclophosphamide", 500.0, "mg");
        }
        static constexpr std::array<int, 5> kTempMinutes{120, 360, 720, 1020, 1320};
        for (int minute : kTempMinutes) {
            const double t = crs && chance(0.6) ? normal(38.8, 0.5) : normal(36.9, 0.4);
            add(day, minute + uniform(0, 30), EventKind::kTemp, "", t, "C");
        }
        if (day >= 0) {
            for (int minute : {240, 480, 720, 1020, 1320}) {
                add(day, minute, EventKind::kSbp, "", normal(crs ? 95 : 118, 12), "mmHg");
            }
        }
        if (day >= -1) {
            const double level = crs ? normal(800, 300) : normal(12, 5);
            add(day, 480, EventKind::kLab, "IL6", std::max(1.0, level), "pg/mL");
            add(day, 480, EventKind::kLab, "CRP", std::max(1.0, level / 8), "mg/L");
            add(day, 480, EventKind::kLab, "FERRITIN", std::max(50.0, level * 3), "ng/mL");
        }
        if (!crs) return;
        if (onset) {
            if (grade >= 2)
                add(day, 900, EventKind::kOxygen, "low_flow_nc", uniform(1, 6), "L/min");
            if (grade >= 3) add(day + 1, 300, EventKind::kOxygen, "high_flow_nc", 40.0, "L/min");
            if (grade >= 4) {
                add(day + 1, 600, EventKind::kOxygen, "bipap", std::nullopt, "");
                add(day + 1, 620, EventKind::kVasopressorStart, "norepinephrine", 0.1, "");
                add(day + 2, 100, EventKind::kVasopressorStart, "epinephrine", 0.05, "");
                add(day + 3, 100, EventKind::kVasopressorStop, "epinephrine", std::nullopt, "");
                add(day + 4, 100, EventKind::kVasopressorStop, "norepinephrine", std::nullopt, "");
            }
            if (grade >= 2) add(day + 5, 800, EventKind::kOxygen, "room_air", std::nullopt, "");
            if (grade >= 2 && chance(0.8)) {
                add(day + 1, 780, EventKind::kDose, "tocilizumab", 8.0, "mg/kg");
                if (chance(0.4)) add(day + 1, 1260, EventKind::kDose, "tocilizumab", 8.0, "mg/kg");
            }
            if (grade >= 3) {
                for (int d = 1; d <= 3; ++d)
                    add(day + d, 600, EventKind::kDose, "dexamethasone", 10.0, "mg");
            }
        }
    }

    void follow_up() {
        if (chance(0.3)) add(uniform(4, 12), 900, EventKind::kIcans, "", uniform(1, 4), "");
        add(28, -1, EventKind::kResponse, chance(0.8) ? "CR_MRD_NEG" : "NR", std::nullopt, "");
        for (int month = 2; month <= 12; ++month) {
            add(month * 30, -1, EventKind::kLab, "CAR_COPIES", normal(5000, 2000), "copies/ug DNA");
        }
        if (chance(0.25)) {
            const int relapse = uniform(60, 400);
            add(relapse, -1, EventKind::kRelapse, "", std::nullopt, "");
            if (chance(0.5))
                add(relapse + uniform(10, 200), -1, EventKind::kDeath, "relapse", std::nullopt, "");
        }
        add(720, -1, EventKind::kLastFollowup, "", std::nullopt, "");
    }

    std::mt19937_64 rng_;
    std::string id_;
    std::vector<Event>* out_ = nullptr;
    uint64_t seq_ = 0;
};

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    const int patients = argc > 1 ? std::atoi(argv[1]) : 10000;
    const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
    if (patients <= 0) {
        std::fprintf(stderr, "derive_bench: patients must be a positive number\n");
        return 2;
    }
    PatientSynth synth(seed);
    std::vector<Event> timeline;
    timeline.reserve(1024);
    const dayzero::derive::CrsDefinition def;
    std::chrono::steady_clock::duration derive_time{};
    uint64_t events = 0;
    std::array<int, 6> by_grade{};
    long episodes = 0;
    for (int p = 0; p < patients; ++p) {
        synth.make(p, timeline);
        events += timeline.size();
        const auto start = std::chrono::steady_clock::now();
        const auto result =
            dayzero::derive::derive_patient(timeline.front().patient_id, timeline, def);
        derive_time += std::chrono::steady_clock::now() - start;
        ++by_grade[static_cast<size_t>(result.measures.max_grade)];
        episodes += static_cast<long>(result.episodes.size());
    }
    const double seconds = std::chrono::duration<double>(derive_time).count();
    std::printf("derive_bench: %d patients, %llu events (%.0f per patient)\n", patients,
                static_cast<unsigned long long>(events), static_cast<double>(events) / patients);
    std::printf("derive time: %.3f s  ->  %.0f patients/s, %.2f M events/s\n", seconds,
                patients / seconds, static_cast<double>(events) / seconds / 1e6);
    std::printf("max grade 0..5: %d %d %d %d %d %d; episodes %ld\n", by_grade[0], by_grade[1],
                by_grade[2], by_grade[3], by_grade[4], by_grade[5], episodes);
    std::printf("peak RSS: %.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
    return 0;
}
