// count and summarize: patient counts by category and descriptive statistics of measures.
#include <cmath>
#include <optional>

#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/grouping.h"
#include "query/measures.h"
#include "stats/binomial_ci.h"
#include "stats/descriptives.h"

namespace dayzero::query {

namespace {

double percent(int64_t n, int64_t total) {
    return total > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : std::nan("");
}

// Grades are always shown 0..5 so that absent grades read as 0, not as missing rows.
void seed_grade_levels(const BoundExpr* by, Groups& groups) {
    if (by == nullptr || by->measure == nullptr || by->measure->unit != "grade") return;
    const int top = by->measure->name == "max_grade" ? 5 : 4;
    for (int g = 0; g <= top; ++g)
        groups.index_of(Value{static_cast<int64_t>(g)});
}

}  // namespace

QueryResult Evaluator::count(const CheckedStatement& c, const checked::Count& s) {
    Groups groups(s.by.get());
    seed_grade_levels(s.by.get(), groups);
    std::vector<int64_t> matched, total;
    int64_t all = 0;
    int64_t unknown = 0;  // counted patients for whom `where` has no value (counted as no)
    GradedPass pass(any_reads_grading({s.where, s.by}), s.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        ++all;
        const int g = s.by ? groups.index_of(evaluate(*s.by, ctx)) : 0;
        if (g < 0) return;
        if (static_cast<size_t>(g) >= total.size()) {
            total.resize(static_cast<size_t>(g) + 1, 0);
            matched.resize(static_cast<size_t>(g) + 1, 0);
        }
        ++total[static_cast<size_t>(g)];
        if (!s.where) {
            ++matched[static_cast<size_t>(g)];
            return;
        }
        const Value v = evaluate(*s.where, ctx);
        if (const auto* yes = std::get_if<bool>(&v)) {
            if (*yes) ++matched[static_cast<size_t>(g)];
        } else {
            ++unknown;
        }
    });
    total.resize(groups.size(), 0);
    matched.resize(groups.size(), 0);
    QueryResult r;
    r.title = "Patients" + (s.where ? " where " + s.where->label : std::string()) +
              (s.by ? " by " + s.by->label : std::string());
    if (s.by) r.columns.push_back({s.by->label, ColumnType::kText});
    r.columns.push_back({"n", ColumnType::kInteger});
    if (s.where) r.columns.push_back({"of", ColumnType::kInteger});
    r.columns.push_back({"percent", ColumnType::kNumber, 1});
    if (s.ci) r.columns.push_back({"95% CI", ColumnType::kInterval});
    int64_t grand_total = 0;
    for (auto t : total)
        grand_total += t;
    const auto labels = groups.labels();
    const auto order = groups.display_order();
    for (size_t i = 0; i < order.size(); ++i) {
        const size_t g = order[i];
        std::vector<Value> row;
        if (s.by) row.emplace_back(labels[i]);
        row.emplace_back(matched[g]);
        if (s.where) row.emplace_back(total[g]);
        const int64_t of = s.where ? total[g] : grand_total;
        row.emplace_back(percent(matched[g], of));
        if (s.ci) {
            const auto ci = stats::clopper_pearson(matched[g], of);
            row.emplace_back(ci.not_computable.empty()
                                 ? Value{interval_text(100.0 * *ci.conf_low, 100.0 * *ci.conf_high)}
                                 : Value{});
        }
        r.rows.push_back(std::move(row));
    }
    if (groups.missing() > 0) {
        r.notes.push_back(std::to_string(groups.missing()) + " of " + std::to_string(all) +
                          " patients have no value for " + s.by->label + " and are not counted");
    }
    if (unknown > 0) {
        // The rule (an unknown condition is false) keeps them in the denominator: a rate that
        // `compare` and `table1` compute without them differs, so it is said.
        r.notes.push_back(std::to_string(unknown) + " patients for whom " + s.where->label +
                          " is unknown (no value) are counted as not meeting it");
    }
    pass.add_note(r.notes);
    if (s.ci) r.notes.push_back("95% CI of the percent: exact (Clopper-Pearson), as binom.test");
    add_definition_notes(c, r);
    return r;
}

QueryResult Evaluator::summarize(const CheckedStatement& c, const checked::Summarize& s) {
    Groups groups(s.by.get());
    // values[expr][group]; the overall group is kept separately when grouping.
    std::vector<std::vector<std::vector<double>>> values(s.exprs.size());
    std::vector<std::vector<double>> overall(s.exprs.size());
    std::vector<int64_t> missing(s.exprs.size(), 0);
    // A graded `by` or scope leaves a patient that cannot be graded out of every row; a graded
    // expression only out of its own.
    GradedPass pass(any_reads_grading({s.by}), s.scope);
    std::vector<UngradedList> ungraded(s.exprs.size());
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const int g = s.by ? groups.index_of(evaluate(*s.by, ctx)) : 0;
        for (size_t i = 0; i < s.exprs.size(); ++i) {
            if (!ctx.gradable() && reads_grading(*s.exprs[i])) {
                ungraded[i].add(ctx.id());
                continue;
            }
            const auto v = as_number(evaluate(*s.exprs[i], ctx));
            if (!v) {
                ++missing[i];
                continue;
            }
            overall[i].push_back(*v);
            if (g < 0) continue;
            if (values[i].size() <= static_cast<size_t>(g)) {
                values[i].resize(static_cast<size_t>(g) + 1);
            }
            values[i][static_cast<size_t>(g)].push_back(*v);
        }
    });
    QueryResult r;
    r.title = "Summary" + (s.by ? " by " + s.by->label : std::string());
    r.columns = {{"measure", ColumnType::kText}};
    if (s.by) r.columns.push_back({"group", ColumnType::kText});
    r.columns.insert(r.columns.end(), {{"n", ColumnType::kInteger},
                                       {"median", ColumnType::kNumber},
                                       {"min", ColumnType::kNumber},
                                       {"max", ColumnType::kNumber},
                                       {"q1", ColumnType::kNumber},
                                       {"q3", ColumnType::kNumber},
                                       {"median (range)", ColumnType::kText}});
    auto add_row = [&](const std::string& measure, const std::string* group,
                       const std::vector<double>& xs) {
        const stats::Descriptives d = stats::describe(xs);
        auto opt = [](const std::optional<double>& v) { return v ? Value{*v} : Value{}; };
        std::vector<Value> row = {measure};
        if (group != nullptr) row.emplace_back(*group);
        const std::string text = d.median ? median_range_text(xs) : "not computable: no values";
        row.insert(row.end(),
                   {Value{d.n}, opt(d.median), opt(d.min), opt(d.max), opt(d.q1), opt(d.q3), text});
        r.rows.push_back(std::move(row));
    };
    const auto labels = groups.labels();
    const auto order = groups.display_order();
    const std::string all = "all";
    for (size_t i = 0; i < s.exprs.size(); ++i) {
        if (!s.by) {
            add_row(s.exprs[i]->label, nullptr, overall[i]);
            continue;
        }
        add_row(s.exprs[i]->label, &all, overall[i]);
        values[i].resize(groups.size());
        for (size_t k = 0; k < order.size(); ++k) {
            add_row(s.exprs[i]->label, &labels[k], values[i][order[k]]);
        }
        if (missing[i] > 0) {
            r.notes.push_back(s.exprs[i]->label + ": " + std::to_string(missing[i]) +
                              " patients without a value are left out");
        }
    }
    if (s.by && groups.missing() > 0) {
        // The groups' n would not add up to all's without it.
        r.notes.push_back(std::to_string(groups.missing()) + " patients without a value for " +
                          s.by->label + " are in 'all' but in no group");
    }
    const size_t first_number = s.by ? 3 : 2;  // median, min, max, q1, q3
    for (size_t k = first_number; k < first_number + 5; ++k)
        fit_decimals(r.columns, r.rows, k);
    if (!s.by) {
        for (size_t i = 0; i < s.exprs.size(); ++i) {
            if (missing[i] > 0) {
                r.notes.push_back(s.exprs[i]->label + ": " + std::to_string(missing[i]) +
                                  " patients without a value are left out");
            }
        }
    }
    pass.add_note(r.notes);
    for (size_t i = 0; i < s.exprs.size(); ++i) {
        if (ungraded[i].count() > 0)
            r.notes.push_back(ungraded[i].left_out_note(s.exprs[i]->label));
    }
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
