#pragma once
// The data behind the shell's pictures, gathered from the store, the derivations (daily grades,
// survival times) and the query engine (cohort membership), independent of how it is drawn.

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "derive/crs_definition.h"
#include "derive/daily_grade.h"
#include "query/query_engine.h"
#include "stats/kaplan_meier.h"
#include "store/event_store.h"

namespace dayzero::shell {

// One reading placed on a continuous day axis (day + minute/1440; untimed readings at noon).
struct TimedValue {
    double t = 0.0;
    double value = 0.0;
};

// An interval during which something was running (oxygen device, vasopressor).
struct Span {
    std::string label;
    double from = 0.0;
    double to = 0.0;
    int level = 0;  // hypoxia level of an oxygen device (2, 3, 4); 0 for vasopressors
};

struct DoseMark {
    double t = 0.0;
    std::string drug;
    bool tocilizumab = false;
};

struct TimelineData {
    std::string patient;
    int day_from = 0;
    int day_to = 0;
    std::vector<TimedValue> temperatures;    // °C
    derive::CrsDefinition definition;        // the definition the grades and fever mark use
    std::vector<derive::DailyGrade> grades;  // ASTCT daily grades under `definition`
    std::vector<Span> oxygen;
    std::vector<Span> vasopressors;
    std::vector<DoseMark> doses;                               // tocilizumab and corticosteroids
    std::map<std::string, std::vector<TimedValue>> cytokines;  // lab code -> positive samples
};

// Reads `patient`'s timeline as of `as_of` and derives its daily grades under `definition` (the
// session's, so `set fever 38.3 C` changes the picture); an error names the patient when it is
// unknown or has no events.
store::Result<TimelineData> load_timeline(const store::EventStore& store,
                                          const std::string& patient, const store::AsOf& as_of,
                                          const derive::CrsDefinition& definition = {});

struct SurvivalGroup {
    std::string label;
    std::vector<stats::SurvivalObservation> observations;  // time in months
    stats::KaplanMeierFit fit;
};

struct SurvivalData {
    std::string endpoint;  // "os" or "pfs"
    std::string by;        // grouping expression as written, empty for one curve
    std::vector<SurvivalGroup> groups;
    std::optional<double> log_rank_p;
    std::string note;  // patients left out (no follow-up, no group value), tests not computable
};

// Most groups a survival figure draws (each needs its own colour, dash and at-risk row).
inline constexpr size_t kMaxSurvivalGroups = 12;

// Survival times (months) for `endpoint` ("os" or "pfs"), grouped by `by` as the engine
// evaluates it (a condition: "by" and "not by"; anything else: one group per value, in the
// order the `survival` statement uses); one group when `by` is empty. `progress` (may be empty)
// hears done/total patients.
store::Result<SurvivalData> load_survival(const store::EventStore& store,
                                          query::QueryEngine& engine, const std::string& endpoint,
                                          const std::string& by, const store::AsOf& as_of,
                                          const std::atomic<bool>* interrupt,
                                          const query::QueryEngine::ProgressFn& progress = {});

}  // namespace dayzero::shell
