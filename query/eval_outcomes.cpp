// roc (a marker's ROC curve for a condition) and survival (Kaplan-Meier by group, log-rank).
#include <cmath>
#include <memory>

#include "derive/patient_measures.h"
#include "query/as_of_note.h"
#include "query/cell_text.h"
#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/grouping.h"
#include "query/survival_curves.h"
#include "stats/kaplan_meier.h"
#include "stats/log_rank.h"
#include "stats/roc.h"

namespace dayzero::query {

namespace {

Value opt(const std::optional<double>& v) {
    return v ? Value{*v} : Value{};
}

}  // namespace

QueryResult Evaluator::roc(const CheckedStatement& c, const checked::Roc& s) {
    std::vector<double> marker;
    std::vector<bool> outcome;
    int64_t missing = 0;
    GradedPass pass(any_reads_grading({s.score, s.outcome}), s.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const auto m = as_number(evaluate(*s.score, ctx));
        const Value o = evaluate(*s.outcome, ctx);
        const auto* b = std::get_if<bool>(&o);
        if (!m || b == nullptr) {
            ++missing;
            return;
        }
        marker.push_back(*m);
        outcome.push_back(*b);
    });
    const stats::RocResult roc = stats::roc_analysis(marker, outcome);
    QueryResult r;
    r.title = "ROC of " + s.score->label + " for " + s.outcome->label;
    r.columns = {{"n_positive", ColumnType::kInteger},    {"n_negative", ColumnType::kInteger},
                 {"auc", ColumnType::kNumber, 3},         {"auc 95% CI", ColumnType::kInterval},
                 {"cutoff (>=)", ColumnType::kNumber, 2}, {"cutoff (>)", ColumnType::kNumber, 2},
                 {"sensitivity", ColumnType::kNumber, 3}, {"specificity", ColumnType::kNumber, 3},
                 {"youden", ColumnType::kNumber, 3}};
    r.rows.push_back({roc.n_positive, roc.n_negative, opt(roc.auc),
                      roc.auc ? Value{interval_text(roc.auc_low, roc.auc_high)} : Value{},
                      roc.best ? Value{roc.best->threshold} : Value{}, opt(roc.best_midpoint),
                      roc.best ? Value{roc.best->sensitivity} : Value{},
                      roc.best ? Value{roc.best->specificity} : Value{}, opt(roc.youden)});
    if (!roc.not_computable.empty()) r.notes.push_back(roc.not_computable);
    r.notes.push_back(
        "cut-off: marker >= 'cutoff (>=)', equivalently marker > 'cutoff (>)' (the "
        "midpoint pROC and Prism print), predicts " +
        s.outcome->label + " (the highest threshold maximising Youden's J)");
    r.notes.push_back("auc 95% CI: DeLong, as pROC's ci.auc");
    if (missing > 0) {
        r.notes.push_back(std::to_string(missing) +
                          " patients without a marker or outcome value "
                          "are left out");
    }
    pass.add_note(r.notes);
    add_definition_notes(c, r);
    return r;
}

QueryResult Evaluator::survival(const CheckedStatement& c, const checked::Survival& sv) {
    const ast::SurvivalStmt& s = *sv.ast;
    const bool os = to_lower(s.endpoint.name) == "os";
    const std::string unit = s.at_unit.empty() ? "months" : s.at_unit;
    std::vector<double> times_months;
    for (double t : s.at) {
        times_months.push_back(t * *minutes_per_unit(unit) / (derive::kDaysPerMonth * 1440.0));
    }
    Groups groups(sv.by.get());
    std::vector<std::vector<stats::SurvivalObservation>> obs;
    int64_t unknown = 0;
    GradedPass pass(any_reads_grading({sv.by}), sv.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const int g = groups.index_of(sv.by ? evaluate(*sv.by, ctx) : Value{});
        if (g < 0) return;
        const auto& m = ctx.scalar_measures();
        const derive::SurvivalTime& st = os ? m.os : m.pfs;
        const auto months = st.months();
        if (!months) {
            ++unknown;
            return;
        }
        if (obs.size() <= static_cast<size_t>(g)) obs.resize(static_cast<size_t>(g) + 1);
        obs[static_cast<size_t>(g)].push_back({*months, st.event});
    });
    obs.resize(groups.size());
    const auto order = groups.display_order();
    const auto labels = groups.labels();
    QueryResult r;
    r.title = (os ? "Overall survival" : "Progression-free survival") +
              (sv.by ? " by " + sv.by->label : std::string()) + " (Kaplan-Meier, months)";
    r.columns = {{"group", ColumnType::kText},         {"n", ColumnType::kInteger},
                 {"events", ColumnType::kInteger},     {"median", ColumnType::kNumber, 1},
                 {"lower_95", ColumnType::kNumber, 1}, {"upper_95", ColumnType::kNumber, 1}};
    for (double t : s.at) {
        const std::string at = "S(" + number_text(t) + " " + unit + ")";
        r.columns.push_back({at, ColumnType::kNumber, 3});
        r.columns.push_back({at + " 95% CI", ColumnType::kInterval});
    }
    r.columns.push_back({"p (log-rank)", ColumnType::kPValue});
    std::vector<std::vector<stats::SurvivalObservation>> ordered;
    for (size_t k = 0; k < order.size(); ++k)
        ordered.push_back(obs[order[k]]);
    const stats::LogRankResult lr = stats::log_rank_test(ordered);
    // The curves themselves travel with the table, so `plot survival` draws these very fits.
    auto curves = std::make_shared<SurvivalCurves>();
    curves->endpoint = os ? "os" : "pfs";
    curves->by = sv.by ? sv.by->label : std::string();
    curves->log_rank_p = lr.p;
    curves->log_rank_not_computable = lr.not_computable;
    curves->without_group = groups.missing();
    curves->without_follow_up = unknown;
    const bool categories = sv.by && sv.by->type != ValueType::kBool;
    for (size_t k = 0; k < order.size(); ++k) {
        const stats::KaplanMeierFit fit = stats::kaplan_meier(ordered[k]);
        curves->groups.push_back({!sv.by       ? std::string("all patients")
                                  : categories ? sv.by->label + " = " + labels[k]
                                               : labels[k],
                                  fit});
        std::vector<Value> row = {labels[k], fit.n, fit.events};
        if (!fit.not_computable.empty()) {
            row.resize(row.size() + 3 + 2 * s.at.size());  // empty median, CI and S(t) cells
            r.notes.push_back(labels[k] + ": " + fit.not_computable);
        } else {
            const auto med = stats::survival_median(fit);
            row.insert(row.end(), {opt(med.estimate), opt(med.lower), opt(med.upper)});
            if (const auto flat = stats::quantile_on_flat_end(fit)) {
                r.notes.push_back(
                    labels[k] + ": the curve stays at 50% from " + rounded_text(flat->first) +
                    " months to the last observation at " + rounded_text(flat->second) +
                    " months, so the median is their midpoint (R's quantile(fit, 0.5)); R's "
                    "print(fit) shows " +
                    rounded_text(flat->first));
            }
            // One cell per requested time; empty past the group's last follow-up (R drops it).
            for (const auto& at : stats::survival_at_each(fit, times_months)) {
                row.emplace_back(at ? Value{at->surv} : Value{});
                row.emplace_back(at ? Value{interval_text(at->lower, at->upper)} : Value{});
            }
        }
        row.push_back(k == 0 && lr.p ? Value{*lr.p} : Value{});
        r.rows.push_back(std::move(row));
    }
    if (!lr.not_computable.empty()) r.notes.push_back("log-rank: " + lr.not_computable);
    r.notes.push_back(std::string(os ? "OS: infusion to death, censored at last follow-up"
                                     : "PFS: infusion to relapse or death, censored at last "
                                       "follow-up") +
                      "; months = days / 30.4375; empty median or CI = not reached" +
                      (s.at.empty() ? "" : "; S(t) 95% CI on the log scale (survfit's default)"));
    if (unknown > 0) {
        r.notes.push_back(std::to_string(unknown) + " patients without follow-up are left out");
    }
    // As every other statement with `by` says it (survfit: "observations deleted due to
    // missingness"): the groups' n no longer add up to the patients.
    if (std::string note = groups.left_out_note(); !note.empty())
        r.notes.push_back(std::move(note));
    pass.add_note(r.notes);
    if (!c.as_of.is_now()) r.notes.push_back(as_of_note(store_, c.as_of));
    r.survival = std::move(curves);
    return r;
}

}  // namespace dayzero::query
