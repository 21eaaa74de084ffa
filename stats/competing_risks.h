#pragma once

// Competing risks: the cumulative incidence of an event in the presence of competing events
// (Aalen-Johansen, with cmprsk's variance) and Gray's K-sample test, as cmprsk::cuminc
// (docs/STATISTICS.md, "Competing risks").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dayzero::stats {

// A subject's first event: kEvent (the event of interest), kCompeting, or censored.
enum class CompetingStatus { kCensored, kEvent, kCompeting };

struct CompetingObservation {
    double time = 0.0;
    CompetingStatus status = CompetingStatus::kCensored;
};

// One step of a cumulative-incidence curve, at a time with an event of either kind.
struct IncidenceStep {
    double time = 0.0;
    double estimate = 0.0;
    double variance = 0.0;
};

struct IncidenceCurve {
    std::int64_t n = 0;
    std::int64_t events = 0;
    std::int64_t competing = 0;
    double last_time = 0.0;  // the last follow-up time
    std::vector<IncidenceStep> steps;
    std::string not_computable;
};

// The cumulative incidence of the event of interest (cuminc's est and var).
IncidenceCurve cumulative_incidence(const std::vector<CompetingObservation>& observations);

// The curve at a time, as timepoints(): the last step at or before `time`; nullopt after the
// last follow-up. lower/upper: the 95 % interval on the log(-log) scale (F^exp(+-1.96 se /
// (F log F))); nullopt where F is 0 or 1.
struct IncidenceAt {
    double estimate = 0.0;
    double std_err = 0.0;
    std::optional<double> lower;
    std::optional<double> upper;
};
std::optional<IncidenceAt> incidence_at(const IncidenceCurve& curve, double time,
                                        double conf_level = 0.95);

struct GrayTestResult {
    std::optional<double> statistic;
    std::optional<double> df;
    std::optional<double> p;
    std::string not_computable;
};

// Gray's test (rho = 0) that the event's cumulative incidence is equal in all groups.
GrayTestResult gray_test(const std::vector<std::vector<CompetingObservation>>& groups);

}  // namespace dayzero::stats
