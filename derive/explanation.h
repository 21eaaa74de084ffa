#pragma once
// Evidence and Explanation: the recorded observations that set a daily grade, so an analyst or
// auditor can check each grade against the chart.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::derive {

// One observation referenced by a derivation, identified by its store sequence number.
struct Evidence {
    uint64_t seq = 0;                // store sequence number of the event
    int32_t day = 0;                 // day post-infusion of the event
    std::optional<uint16_t> minute;  // clock time (minute of day), if recorded
    std::string code;                // device, drug, cause ... (empty for temperatures)
    std::optional<double> value;     // temperature, flow, dose ...

    // "seq 42 day 5 14:30 low_flow_nc 4" style one-line rendering.
    std::string describe() const;
};

// Why a day got its grade. Empty members mean "nothing recorded set this part".
struct Explanation {
    std::optional<Evidence> fever;      // the day's highest temperature
    std::vector<Evidence> hypotension;  // vasopressor start(s) in force, or the fluids event
    std::optional<Evidence> hypoxia;    // the oxygen setting that set the hypoxia level
    std::optional<Evidence> masking;    // the episode's first treatment dose (masking)
    std::optional<Evidence> death;      // the death event (grade 5, or the window's end)

    // A compact one-line summary, e.g. "fever: seq 12 38.6; hypoxia: seq 14 bipap".
    std::string describe() const;
};

}  // namespace dayzero::derive
