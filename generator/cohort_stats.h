#pragma once
// CohortStats: the proportions a generated cohort achieves, accumulated patient by patient from
// the plans (whose grades tests/generator checks against the real derivation).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "generator/cohort_generator.h"

namespace dayzero::generator {

class CohortStats {
  public:
    // Adds one patient.
    void add(const GeneratedPatient& patient);
    // A human-readable multi-line report of counts, percentages and medians.
    std::string report() const;

  private:
    uint64_t patients_ = 0;
    uint64_t events_ = 0;
    std::array<uint64_t, 6> by_grade_{};
    std::array<uint64_t, 6> toci_by_grade_{};
    uint64_t toci_ = 0;
    uint64_t second_episodes_ = 0;
    uint64_t afebrile_gap_ = 0;
    uint64_t icans_ = 0;
    uint64_t infection_ = 0;
    uint64_t steroids_ = 0;
    uint64_t deaths_ = 0;
    uint64_t relapses_ = 0;
    uint64_t complete_remission_ = 0;
    std::vector<int> onsets_;
    std::vector<int> durations_;  // first episode
    std::vector<int> followup_;
};

// Median of `values` (mean of the middle two when even); 0 when empty.
double median(std::vector<int> values);

}  // namespace dayzero::generator
