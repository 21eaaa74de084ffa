#pragma once
// A small synthetic cohort whose CRS episodes are known by construction, for statement tests.

#include <string>
#include <vector>

#include "query_test_util.h"

namespace dayzero::query::testing {

struct FixturePatient {
    std::string id;
    int onset = 0;        // first fever day (0 = no CRS)
    int days = 0;         // fever days; the episode lasts exactly this long
    bool severe = false;  // facemask oxygen from onset+1 (grade 3) when days >= 2
    bool toci = false;    // tocilizumab on the onset day at 12:00
    double age = 50;
    std::string sex = "M";
    int followup_day = 400;
    bool died = false;
};

// The events of one fixture patient (fever 38.6 C at 10:00 on fever days, 37.0 otherwise).
inline std::vector<store::Event> fixture_events(const FixturePatient& p) {
    using store::EventKind;
    std::vector<store::Event> out;
    out.push_back(ev(p.id, 0, EventKind::kInfusion, "tisacel", 2.0, 540));
    out.push_back(baseline(p.id, "age", p.age));
    out.push_back(baseline(p.id, "sex", std::nullopt, p.sex));
    for (int day = 0; day <= 12; ++day) {
        const bool fever = p.days > 0 && day >= p.onset && day < p.onset + p.days;
        out.push_back(temp(p.id, day, fever ? 38.6 : 37.0, 600));
    }
    if (p.severe && p.days >= 2) {
        out.push_back(ev(p.id, p.onset + 1, EventKind::kOxygen, "facemask", 10.0, 480));
        out.push_back(ev(p.id, p.onset + p.days - 1, EventKind::kOxygen, "room_air", {}, 1200));
    }
    if (p.toci) out.push_back(dose(p.id, p.onset, "tocilizumab", 560, 720));
    out.push_back(ev(p.id, 0, EventKind::kLab, "IL6", 10.0, 480));
    if (p.days > 0) {
        out.push_back(ev(p.id, p.onset, EventKind::kLab, "IL6", p.severe ? 80.0 : 20.0, 700));
    }
    if (p.died) {
        out.push_back(ev(p.id, p.followup_day, EventKind::kDeath, "relapse"));
    } else {
        out.push_back(ev(p.id, p.followup_day, EventKind::kLastFollowup));
    }
    return out;
}

// Twelve patients: severe with and without toci, mild with and without, and no CRS.
inline std::vector<FixturePatient> fixture_patients() {
    return {
        {"P001", 1, 3, true, true, 34, "M", 700, false},
        {"P002", 2, 5, true, true, 61, "F", 200, true},
        {"P003", 1, 4, true, true, 45, "M", 800, false},
        {"P004", 3, 6, true, false, 52, "F", 150, true},
        {"P005", 2, 8, true, false, 70, "M", 90, true},
        {"P006", 1, 7, true, false, 29, "F", 500, false},
        {"P007", 1, 2, false, true, 40, "M", 650, false},
        {"P008", 4, 1, false, false, 38, "F", 600, false},
        {"P009", 2, 3, false, false, 66, "M", 300, true},
        {"P010", 0, 0, false, false, 55, "F", 900, false},
        {"P011", 0, 0, false, false, 17, "M", 720, false},
        {"P012", 5, 2, false, true, 48, "F", 410, false},
    };
}

// Appends the fixture as one transaction per patient.
inline void fill_fixture(TempStore& db) {
    for (const auto& p : fixture_patients())
        db.append(fixture_events(p));
}

}  // namespace dayzero::query::testing
