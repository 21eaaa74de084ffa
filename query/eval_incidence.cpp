// incidence: cumulative incidence of relapse or non-relapse mortality with the other as the
// competing event, by group, with Gray's test.
#include <cstdio>
#include <memory>

#include "derive/patient_measures.h"
#include "query/as_of_note.h"
#include "query/cell_text.h"
#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/grouping.h"
#include "query/incidence_curves.h"
#include "stats/competing_risks.h"

namespace dayzero::query {

namespace {

// A patient's first event after infusion: relapse (a relapse on the day of death counts as
// relapse, as PFS does), death without relapse, or censored at last follow-up.
std::optional<stats::CompetingObservation> first_event(const derive::PatientMeasures& m,
                                                       bool relapse_is_event) {
    const auto months = m.pfs.months();
    if (!months) return std::nullopt;
    stats::CompetingObservation o{*months, stats::CompetingStatus::kCensored};
    if (m.pfs.event) {
        const bool relapse = m.relapse_day && m.pfs.days && *m.relapse_day == *m.pfs.days;
        o.status = relapse == relapse_is_event ? stats::CompetingStatus::kEvent
                                               : stats::CompetingStatus::kCompeting;
    }
    return o;
}

}  // namespace

QueryResult Evaluator::incidence(const CheckedStatement& c, const checked::Incidence& s) {
    const bool relapse = to_lower(s.ast->event.name) == "relapse";
    const std::string unit = s.ast->at_unit.empty() ? "months" : s.ast->at_unit;
    std::vector<double> times_months;
    for (double t : s.ast->at) {
        times_months.push_back(t * *minutes_per_unit(unit) / (derive::kDaysPerMonth * 1440.0));
    }
    Groups groups(s.by.get());
    std::vector<std::vector<stats::CompetingObservation>> obs;
    int64_t unknown = 0;
    GradedPass pass(any_reads_grading({s.by}), s.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const int g = groups.index_of(s.by ? evaluate(*s.by, ctx) : Value{});
        if (g < 0) return;
        const auto o = first_event(ctx.scalar_measures(), relapse);
        if (!o) {
            ++unknown;
            return;
        }
        if (obs.size() <= static_cast<size_t>(g)) obs.resize(static_cast<size_t>(g) + 1);
        obs[static_cast<size_t>(g)].push_back(*o);
    });
    obs.resize(groups.size());
    const auto order = groups.display_order();
    const auto labels = groups.labels();
    std::vector<std::vector<stats::CompetingObservation>> ordered;
    for (size_t k : order)
        ordered.push_back(obs[k]);
    const stats::GrayTestResult gray = stats::gray_test(ordered);

    const std::string event = relapse ? "relapse" : "non-relapse mortality";
    const std::string competing = relapse ? "death without relapse" : "relapse";
    QueryResult r;
    r.title = "Cumulative incidence of " + event + (s.by ? " by " + s.by->label : std::string()) +
              " (competing: " + competing + ")";
    r.columns = {{"group", ColumnType::kText},
                 {"n", ColumnType::kInteger},
                 {"events", ColumnType::kInteger},
                 {"competing", ColumnType::kInteger}};
    for (double t : s.ast->at) {
        const std::string at = number_text(t) + " " + unit;
        r.columns.push_back({"CIF(" + at + ")", ColumnType::kNumber, 3});
        r.columns.push_back({"95% CI", ColumnType::kInterval, 3});
    }
    r.columns.push_back({"p (Gray)", ColumnType::kPValue});
    auto curves = std::make_shared<IncidenceCurves>();
    curves->event = relapse ? "relapse" : "nrm";
    curves->competing = competing;
    curves->by = s.by ? s.by->label : std::string();
    curves->gray_p = gray.p;
    curves->gray_not_computable = gray.not_computable;
    const bool categories = s.by && s.by->type != ValueType::kBool;
    for (size_t k = 0; k < ordered.size(); ++k) {
        const stats::IncidenceCurve curve = stats::cumulative_incidence(ordered[k]);
        std::vector<Value> row = {labels[k], curve.n, curve.events, curve.competing};
        for (double t : times_months) {
            const auto at = stats::incidence_at(curve, t);
            row.push_back(at ? Value{at->estimate} : Value{});
            row.push_back(at && at->lower && at->upper ? Value{interval_text(at->lower, at->upper)}
                                                       : Value{});
        }
        row.push_back(k == 0 && gray.p ? Value{*gray.p} : Value{});
        r.rows.push_back(std::move(row));
        if (!curve.not_computable.empty())
            r.notes.push_back(labels[k] + ": " + curve.not_computable);
        curves->groups.push_back({!s.by        ? std::string("all patients")
                                  : categories ? s.by->label + " = " + labels[k]
                                               : labels[k],
                                  curve});
    }
    if (s.by && !gray.not_computable.empty()) {
        r.notes.push_back("Gray's test: " + gray.not_computable);
    }
    r.notes.push_back("cumulative incidence (Aalen-Johansen, cmprsk::cuminc) from infusion; " +
                      event + " with " + competing +
                      " as the competing event, censored at last follow-up; a relapse on the "
                      "day of death counts as relapse; 95% CI on the log(-log) scale; empty = "
                      "after the group's last follow-up");
    if (unknown > 0) {
        r.notes.push_back(std::to_string(unknown) + " patients without follow-up are left out");
    }
    if (groups.missing() > 0) {
        r.notes.push_back(std::to_string(groups.missing()) + " patients without a value of " +
                          s.by->label + " are left out");
    }
    pass.add_note(r.notes);
    if (!c.as_of.is_now()) r.notes.push_back(as_of_note(store_, c.as_of));
    r.incidence = std::move(curves);
    return r;
}

}  // namespace dayzero::query
