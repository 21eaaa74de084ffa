#pragma once
// PatientPlan: the latent clinical course of one synthetic patient, decided before any event is
// written. The renderer turns it into observations; the plan's own grades are what the ASTCT
// rules (docs/DERIVATIONS.md §4–6) must derive back from those observations.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::generator {

// Days 0..28: the CRS grading window.
inline constexpr int kWindowDays = 29;

struct Baseline {
    int age = 0;
    char sex = 'M';
    double weight_kg = 0.0;
    int blasts_pct = 0;
    int prior_lines = 0;
    bool allo_sct = false;
    bool high_risk = false;
    int center = 1;          // 1..4, written "C1".."C4"
    std::string arm;         // "standard" or "early_toci"
    double cart_dose = 0.0;  // ×10^6 cells/kg
};

// One day of the grading window as the physiology intends it.
struct CrsDay {
    bool fever = false;    // the day's maximum temperature is >= 38.0 °C
    int hypotension = 0;   // 0, 2 (fluids only), 3 (one vasopressor), 4 (two overlapping)
    int hypoxia = 0;       // 0, 2 (low flow <= 6 L/min), 3 (high flow), 4 (positive pressure)
    int severity = 0;      // physiological intensity 0..4 that drives the cytokines
    bool treated = false;  // a tocilizumab or corticosteroid dose falls on this day
    int grade = 0;         // the ASTCT grade the rules derive from the above
};

struct Dose {
    int day = 0;
    int minute = 0;
    std::string drug;  // tocilizumab, dexamethasone, methylprednisolone, gcsf
    double mg = 0.0;
};

struct IcansChange {
    int day = 0;       // first day of this grade
    int last_day = 0;  // last day of this grade
    int grade = 0;
};

struct Infection {
    int day = 0;
    std::string site;
    int grade = 0;
};

struct PatientPlan {
    std::string patient_id;
    uint64_t seed = 0;  // this patient's own random stream
    Baseline baseline;
    int64_t infusion_epoch_day = 0;  // days since 1970-01-01 of the infusion (day 0)
    int followup_end_day = 0;        // the last day anything is observed (death or last contact)

    std::array<CrsDay, kWindowDays> crs{};
    int max_grade = 0;                   // planned maximum ASTCT grade (0 = no CRS)
    int onset_day = -1;                  // planned onset of the first episode
    int episodes = 0;                    // planned number of episodes
    std::vector<int> episode_onsets;     // per planned episode: onset day,
    std::vector<int> episode_durations;  // duration (days) and
    std::vector<int> episode_grades;     // maximum grade
    std::optional<int> first_toci_day;
    std::optional<int> first_toci_minute;
    std::vector<Dose> doses;  // CRS/ICANS treatment and G-CSF, in time order

    std::vector<IcansChange> icans;
    std::vector<Infection> infections;

    std::optional<std::string> response;
    int response_day = 28;
    std::optional<int> relapse_day;
    std::optional<int> death_day;
    std::optional<int> death_minute;
    std::string death_cause;  // crs, infection, relapse, other
};

}  // namespace dayzero::generator
