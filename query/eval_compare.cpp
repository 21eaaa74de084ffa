// compare: one measure or condition between groups, optionally within strata, with the test
// table1 would use for the same variable (stats/group_test.h) or the one `using` names.
#include <algorithm>
#include <cmath>
#include <map>

#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/grouping.h"
#include "stats/descriptives.h"
#include "stats/group_test.h"

namespace dayzero::query {

namespace {

// One stratum's data: numbers per group, or counts per category level and group.
struct Stratum {
    std::string label;
    std::vector<std::vector<double>> values;             // [group]
    std::map<std::string, std::vector<int64_t>> counts;  // level -> [group]
    std::vector<int64_t> total;                          // [group]
    stats::GroupTestResult test;
};

Value optional_value(const std::optional<double>& v) {
    return v ? Value{*v} : Value{};
}

// The levels shown as columns: a condition shows "yes" only; categories show every level seen.
std::vector<std::string> shown_levels(const std::vector<Stratum>& strata, bool condition) {
    if (condition) return {"yes"};
    std::vector<std::string> levels;
    for (const Stratum& st : strata) {
        for (const auto& entry : st.counts) {
            if (std::find(levels.begin(), levels.end(), entry.first) == levels.end())
                levels.push_back(entry.first);
        }
    }
    std::sort(levels.begin(), levels.end());
    return levels;
}

// Which patients the compared measure leaves out, always stated: two measures of one question
// (first_duration, crs_days) differ exactly in this (docs/DERIVATIONS.md, "Durations").
std::string left_out_note(const BoundExpr& measure, int64_t missing) {
    if (missing == 0) return measure.label + ": no patient left out";
    const bool named =
        measure.kind == BoundExpr::Kind::kMeasure && !measure.measure->absent.empty();
    return measure.label + ": " + std::to_string(missing) + " patients " +
           (named ? std::string(measure.measure->absent) : std::string("without a value")) +
           " left out";
}

}  // namespace

QueryResult Evaluator::compare(const CheckedStatement& c, const checked::Compare& cmp) {
    const BoundExpr& measure = *cmp.measure;
    const bool numeric = !cmp.categories;
    const bool condition = measure.type == ValueType::kBool;
    Groups groups(cmp.by.get());
    std::vector<Stratum> strata(cmp.strata.empty() ? 1 : cmp.strata.size());
    for (size_t s = 0; s < strata.size(); ++s) {
        strata[s].label = cmp.strata.empty() ? "all" : cmp.strata[s]->label;
    }
    int64_t missing_values = 0;
    // Strata are conditions on each patient, not a scope: they count as the statement's own.
    std::vector<BoundPtr> all = cmp.strata;
    all.push_back(cmp.measure);
    all.push_back(cmp.by);
    GradedPass pass(any_reads_grading(all), {});
    read_.patients(c, {}, [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const int g = groups.index_of(evaluate(*cmp.by, ctx));
        if (g < 0) return;
        const auto gi = static_cast<size_t>(g);
        const Value v = evaluate(measure, ctx);
        bool counted = false;  // a patient left out of several strata is one patient
        for (size_t s = 0; s < strata.size(); ++s) {
            if (!cmp.strata.empty() && !holds(*cmp.strata[s], ctx)) continue;
            Stratum& st = strata[s];
            if (st.values.size() <= gi) {
                st.values.resize(gi + 1);
                st.total.resize(gi + 1, 0);
            }
            if (std::holds_alternative<std::monostate>(v)) {
                if (!counted) ++missing_values;
                counted = true;
            } else if (numeric) {
                st.values[gi].push_back(*as_number(v));
            } else {
                auto& per_group = st.counts[group_label(v)];
                per_group.resize(std::max(per_group.size(), gi + 1), 0);
                ++per_group[gi];
                ++st.total[gi];
            }
        }
    });
    const auto labels = groups.labels();
    const auto order = groups.display_order();
    for (Stratum& st : strata) {
        st.values.resize(groups.size());
        st.total.resize(groups.size(), 0);
        for (auto& entry : st.counts)
            entry.second.resize(groups.size(), 0);
        if (numeric) {
            std::vector<std::vector<double>> ordered;
            for (size_t g : order)
                ordered.push_back(st.values[g]);
            st.test = stats::numeric_group_test(ordered, cmp.test);
        } else {
            // Levels x groups; a condition's "no" level is every non-yes value.
            stats::CountTable table;
            if (condition) {
                const auto yes = st.counts.count("yes") ? st.counts["yes"]
                                                        : std::vector<int64_t>(groups.size(), 0);
                std::vector<int64_t> yes_row, no_row;
                for (size_t g : order) {
                    yes_row.push_back(yes[g]);
                    no_row.push_back(st.total[g] - yes[g]);
                }
                // Groups as rows, (yes, no) as columns: Fisher's odds ratio is then the odds of
                // yes in the first group over the second.
                for (size_t k = 0; k < order.size(); ++k)
                    table.push_back({yes_row[k], no_row[k]});
            } else {
                for (const auto& entry : st.counts) {
                    std::vector<int64_t> line;
                    for (size_t g : order)
                        line.push_back(entry.second[g]);
                    table.push_back(line);
                }
            }
            st.test = stats::category_group_test(table, cmp.test);
        }
    }
    const bool any_estimate = std::any_of(strata.begin(), strata.end(), [](const Stratum& st) {
        return !st.test.estimate_name.empty();
    });

    QueryResult r;
    r.title = "Compare " + measure.label + " by " + cmp.by->label;
    r.columns = {
        {"within", ColumnType::kText}, {"group", ColumnType::kText}, {"n", ColumnType::kInteger}};
    const std::vector<std::string> levels = shown_levels(strata, condition);
    if (numeric) {
        r.columns.insert(r.columns.end(), {{"median", ColumnType::kNumber},
                                           {"min", ColumnType::kNumber},
                                           {"max", ColumnType::kNumber},
                                           {"median (range)", ColumnType::kText}});
    } else if (condition) {
        r.columns.insert(r.columns.end(), {{"yes", ColumnType::kInteger},
                                           {"percent", ColumnType::kNumber, 1},
                                           {"n (%)", ColumnType::kText}});
    } else {
        for (const auto& level : levels)
            r.columns.push_back({measure.label + " " + level + ", n (%)", ColumnType::kText});
    }
    r.columns.push_back({"p", ColumnType::kPValue});
    if (any_estimate) {
        r.columns.push_back({"estimate", ColumnType::kNumber, 3});
        r.columns.push_back({"95% CI", ColumnType::kInterval});
    }
    for (const Stratum& st : strata) {
        const stats::GroupTestResult& t = st.test;
        std::string note = st.label + ": " + (t.not_computable.empty() ? t.test : t.not_computable);
        if (!t.reason.empty()) note += " (" + t.reason + ")";
        if (t.not_computable.empty() && !t.r_method.empty()) note += ": " + t.r_method;
        if (!t.estimate_name.empty()) {
            note += "; estimate: " + t.estimate_name + ", " + labels[0] + " vs " + labels[1];
        }
        r.notes.push_back(note);
        for (const auto& warning : t.warnings)
            r.notes.push_back(st.label + ": " + warning);
        for (size_t k = 0; k < order.size(); ++k) {
            const size_t g = order[k];
            std::vector<Value> row = {st.label, labels[k]};
            if (numeric) {
                const auto d = stats::describe(st.values[g]);
                row.insert(row.end(), {Value{d.n}, optional_value(d.median), optional_value(d.min),
                                       optional_value(d.max), median_range_text(st.values[g])});
            } else if (condition) {
                const auto it = st.counts.find("yes");
                const int64_t yes = it == st.counts.end() ? 0 : it->second[g];
                const double pct = st.total[g] > 0 ? 100.0 * static_cast<double>(yes) /
                                                         static_cast<double>(st.total[g])
                                                   : std::nan("");
                row.insert(row.end(), {Value{st.total[g]}, Value{yes}, Value{pct},
                                       count_percent_text(yes, st.total[g])});
            } else {
                row.emplace_back(st.total[g]);
                for (const auto& level : levels) {
                    const auto it = st.counts.find(level);
                    const int64_t n = it == st.counts.end() ? 0 : it->second[g];
                    row.emplace_back(count_percent_text(n, st.total[g]));
                }
            }
            row.push_back(k == 0 ? optional_value(t.p) : Value{});
            if (any_estimate) {
                row.push_back(k == 0 ? optional_value(t.estimate) : Value{});
                row.push_back(k == 0 && t.estimate ? Value{interval_text(t.conf_low, t.conf_high)}
                                                   : Value{});
            }
            r.rows.push_back(std::move(row));
        }
    }
    if (numeric) {
        for (size_t k = 3; k < 6; ++k)
            fit_decimals(r.columns, r.rows, k);
    }
    if (std::string note = groups.left_out_note(); !note.empty())
        r.notes.push_back(std::move(note));
    r.notes.push_back(left_out_note(measure, missing_values));
    pass.add_note(r.notes);
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
