// The physiology is designed so that the ASTCT rules derive the planned grades: the real
// derivation (derive) must agree with the plan day by day, and the cohort must show the
// target proportions of docs/GENERATOR.md, counted from the generated events.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "derive/patient_derivation.h"
#include "generator/cohort_generator.h"
#include "generator/cohort_stats.h"

namespace gen = dayzero::generator;
using dayzero::store::EventKind;

TEST_CASE("derived daily grades and episodes equal the planned ones") {
    constexpr uint64_t kPatients = 1000;
    for (uint64_t i = 0; i < kPatients; ++i) {
        const auto patient = gen::generate_patient(7, i, kPatients);
        const auto derived =
            dayzero::derive::derive_patient(patient.plan.patient_id, patient.events);
        INFO(patient.plan.patient_id);
        for (const auto& row : derived.days) {
            if (row.day < 0 || row.day >= gen::kWindowDays) continue;
            INFO("day " << row.day);
            CHECK(row.grade == patient.plan.crs[static_cast<size_t>(row.day)].grade);
        }
        CHECK(derived.measures.max_grade == patient.plan.max_grade);
        REQUIRE(derived.episodes.size() == patient.plan.episode_durations.size());
        for (size_t e = 0; e < derived.episodes.size(); ++e) {
            CHECK(derived.episodes[e].duration == patient.plan.episode_durations[e]);
        }
    }
}

TEST_CASE("a 1,000-patient cohort has realistic proportions, counted from its events") {
    constexpr uint64_t kPatients = 1000;
    size_t febrile = 0, toci = 0, toci_grade2plus = 0, grade2plus = 0, events = 0;
    size_t second = 0, il6_jump = 0, toci_with_il6 = 0;
    std::array<size_t, 6> grades{};
    std::vector<int> onsets, durations;
    for (uint64_t i = 0; i < kPatients; ++i) {
        const auto patient = gen::generate_patient(1000, i, kPatients);
        events += patient.events.size();
        std::optional<int> first_fever;
        std::optional<std::pair<int, int>> first_toci;
        for (const auto& e : patient.events) {
            if (e.kind == EventKind::kTemp && e.day >= 0 && e.day <= 28 && *e.value >= 38.0 &&
                !first_fever) {
                first_fever = e.day;
            }
            if (e.kind == EventKind::kDose && e.code == "tocilizumab" && !first_toci) {
                first_toci = std::pair{e.day, int(*e.minute)};
            }
        }
        if (first_fever) {
            ++febrile;
            onsets.push_back(*first_fever);
        }
        const auto derived =
            dayzero::derive::derive_patient(patient.plan.patient_id, patient.events);
        const int max_grade = derived.measures.max_grade;
        ++grades[static_cast<size_t>(max_grade)];
        if (!derived.episodes.empty()) durations.push_back(derived.episodes.front().duration);
        if (derived.episodes.size() >= 2) ++second;
        if (max_grade >= 2) ++grade2plus;
        if (first_toci) {
            ++toci;
            if (max_grade >= 2) ++toci_grade2plus;
            // IL-6 after the first dose (within 48 h) exceeds the last value before it.
            std::optional<double> before, after;
            const int t0 = first_toci->first * 1440 + first_toci->second;
            for (const auto& e : patient.events) {
                if (e.kind != EventKind::kLab || e.code != "IL6" || !e.minute) continue;
                const int t = e.day * 1440 + *e.minute;
                if (t <= t0)
                    before = e.value;
                else if (t <= t0 + 48 * 60 && (!after || *e.value > *after))
                    after = e.value;
            }
            if (before && after) {
                ++toci_with_il6;
                if (*after > *before) ++il6_jump;
            }
        }
    }
    const double n = kPatients;
    const size_t any_crs = kPatients - grades[0];
    CHECK(any_crs / n == Approx(0.90).margin(0.04));
    CHECK(febrile == any_crs);  // every episode here starts with a fever (no CRS death opens one)
    CHECK(grades[1] / double(any_crs) == Approx(0.156).margin(0.05));
    CHECK(grades[2] / double(any_crs) == Approx(0.417).margin(0.06));
    CHECK(grades[3] / double(any_crs) == Approx(0.365).margin(0.06));
    CHECK(grades[4] / double(any_crs) == Approx(0.052).margin(0.03));
    CHECK(grades[5] / double(any_crs) <= 0.03);
    CHECK(toci / n == Approx(0.40).margin(0.07));
    CHECK(double(toci_grade2plus) / grade2plus > double(toci - toci_grade2plus) / (n - grade2plus));
    CHECK(gen::median(onsets) >= 4.0);
    CHECK(gen::median(onsets) <= 6.0);
    CHECK(*std::max_element(onsets.begin(), onsets.end()) <= 14);
    CHECK(gen::median(durations) >= 4.5);
    CHECK(gen::median(durations) <= 6.5);
    CHECK(second >= 20);
    CHECK(second <= 150);
    REQUIRE(toci_with_il6 > 100);
    CHECK(double(il6_jump) / toci_with_il6 > 0.7);
    CHECK(events / n == Approx(430).margin(60));
}
