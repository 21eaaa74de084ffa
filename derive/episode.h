#pragma once
// Episode: one CRS episode built from the daily grades (docs/DERIVATIONS.md §6), with its
// treatment.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::derive {

// A dose given during an episode (tocilizumab or a corticosteroid).
struct DoseTiming {
    uint64_t seq = 0;  // store sequence number of the dose event
    int day = 0;
    std::optional<uint16_t> minute;  // clock time, if recorded
    std::string drug;
    std::optional<double> mg;  // amount in mg, if known
};

// Why an episode ended.
enum class EpisodeEnd {
    kGap,        // `gap_days` CRS-negative days followed its last positive day
    kWindowEnd,  // the grading window ended first (the episode is censored)
    kDeath,      // the window ended at the patient's death
};

struct Episode {
    int number = 0;         // 1-based, in onset order
    int onset_day = 0;      // first day (a fever day or a CRS-death day)
    int end_day = 0;        // last CRS-positive day
    int duration = 0;       // end_day - onset_day + 1
    int max_grade = 0;      // maximum daily grade within the episode
    int positive_days = 0;  // days with grade >= 1
    EpisodeEnd ended_by = EpisodeEnd::kGap;
    std::optional<int> masked_from_day;  // first treatment day inside the episode
    int toci_doses = 0;                  // tocilizumab doses from onset to the first negative day
    int steroid_doses = 0;               // corticosteroid doses over the same days
    std::vector<DoseTiming> toci;        // those tocilizumab doses, in timeline order
    std::vector<DoseTiming> steroids;    // those corticosteroid doses, in timeline order
    std::optional<int> onset_minute;     // time of the first febrile reading on the onset day
    std::optional<int> days_onset_to_first_toci;      // day of first toci - onset day
    std::optional<double> hours_onset_to_first_toci;  // only when both clock times exist
    std::vector<int> days;                            // onset_day .. end_day

    // True for grades 3–5.
    bool severe() const { return max_grade >= 3; }
};

// "gap", "window_end" or "death".
const char* episode_end_name(EpisodeEnd end);

}  // namespace dayzero::derive
