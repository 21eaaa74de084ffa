#pragma once
// The data behind the shell's pictures, independent of how it is drawn: a patient's course from
// the `grades PATIENT` statement's result, survival curves from the `survival` statement's.

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
    std::optional<double> amount;  // as recorded, in `unit`
    std::string unit;
};

// One lab's samples with the unit they were recorded in (canonical units, so one per code).
struct LabSeries {
    std::string unit;
    std::vector<TimedValue> samples;
};

struct TimelineData {
    std::string patient;
    int day_from = 0;
    int day_to = 0;
    std::vector<TimedValue> temperatures;    // °C
    derive::CrsDefinition definition;        // the definition the grades and fever mark use
    std::vector<derive::DailyGrade> grades;  // ASTCT daily grades under `definition`
    // Why the patient cannot be graded (docs/DERIVATIONS.md §3.1); empty for a gradable one. Then
    // `grades` still holds each day's blood pressure and oxygen levels, but its fever and grade
    // are unknown: figures say so instead of drawing grade 0.
    std::string not_gradable;
    std::vector<Span> oxygen;
    std::vector<Span> vasopressors;
    std::vector<DoseMark> doses;                 // tocilizumab and corticosteroids
    std::map<std::string, LabSeries> cytokines;  // lab code -> positive samples and unit
    std::vector<TimedValue> icans;               // ICANS assessments (value = grade 0–4)
    std::optional<TimedValue> infusion;          // the CAR-T infusion's time (value = dose)
    std::string infusion_product;                // its product code and dose unit
    std::string infusion_unit;
    std::string as_of;  // the point drawn from; empty = the present
};

// The case-report figure of a `grades PATIENT` result: that patient's course under the
// definition and at the point the statement ran with; an error when the statement failed, was
// not about one patient, or the patient has no events.
store::Result<TimelineData> timeline_figure(const query::QueryResult& result);

struct SurvivalGroup {
    std::string label;
    stats::KaplanMeierFit fit;  // time in months
};

struct SurvivalData {
    std::string endpoint;  // "os" or "pfs"
    std::string by;        // grouping expression as labelled, empty for one curve
    std::vector<SurvivalGroup> groups;
    std::optional<double> log_rank_p;
    std::string note;  // patients left out (no follow-up, no group value), tests not computable
};

// Most groups a survival figure draws (each needs its own colour, dash and at-risk row).
inline constexpr size_t kMaxSurvivalGroups = 12;

// The figure of a `survival` statement's result: exactly its curves, groups and left-out
// patients; an error when the statement failed, gave no curves or more groups than can be drawn.
store::Result<SurvivalData> survival_figure(const query::QueryResult& result);

// Subjects still at risk at time `t` (followed to `t` or later), read from the fit's rows.
int64_t at_risk(const stats::KaplanMeierFit& fit, double t);

// The last observed time (event or censoring) of `fit`; 0 for an empty fit.
double last_time(const stats::KaplanMeierFit& fit);

}  // namespace dayzero::shell
