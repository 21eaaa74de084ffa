// compare: one measure or condition between groups, optionally within strata, with the test R
// would use (Mann-Whitney for numbers, Fisher's exact for yes/no).
#include <cmath>

#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/grouping.h"
#include "stats/category_test.h"
#include "stats/descriptives.h"
#include "stats/wilcoxon.h"

namespace dayzero::query {

namespace {

// One stratum's data: numbers per group, or yes/total counts per group.
struct Stratum {
    std::string label;
    std::vector<std::vector<double>> values;
    std::vector<int64_t> yes, total;
};

Value p_or_null(const std::optional<double>& p) {
    return p ? Value{*p} : Value{};
}

}  // namespace

QueryResult Evaluator::compare(const CheckedStatement& c, const checked::Compare& cmp) {
    const BoundExpr& measure = *cmp.measure;
    const bool numeric = measure.type == ValueType::kNumber;
    Groups groups(cmp.by.get());
    std::vector<Stratum> strata(cmp.strata.empty() ? 1 : cmp.strata.size());
    for (size_t s = 0; s < strata.size(); ++s) {
        strata[s].label = cmp.strata.empty() ? "all" : cmp.strata[s]->label;
    }
    int64_t missing_values = 0;
    read_.patients(c, {}, [&](PatientContext& ctx) {
        const int g = groups.index_of(evaluate(*cmp.by, ctx));
        if (g < 0) return;
        const auto gi = static_cast<size_t>(g);
        const Value v = evaluate(measure, ctx);
        for (size_t s = 0; s < strata.size(); ++s) {
            if (!cmp.strata.empty() && !holds(*cmp.strata[s], ctx)) continue;
            Stratum& st = strata[s];
            if (st.values.size() <= gi) {
                st.values.resize(gi + 1);
                st.yes.resize(gi + 1, 0);
                st.total.resize(gi + 1, 0);
            }
            if (numeric) {
                const auto x = as_number(v);
                if (x)
                    st.values[gi].push_back(*x);
                else
                    ++missing_values;
            } else if (const auto* b = std::get_if<bool>(&v)) {
                ++st.total[gi];
                if (*b) ++st.yes[gi];
            } else {
                ++missing_values;
            }
        }
    });
    QueryResult r;
    r.title = "Compare " + measure.label + " by " + cmp.by->label;
    r.columns = {
        {"within", ColumnType::kText}, {"group", ColumnType::kText}, {"n", ColumnType::kInteger}};
    if (numeric) {
        r.columns.insert(r.columns.end(), {{"median", ColumnType::kNumber},
                                           {"min", ColumnType::kNumber},
                                           {"max", ColumnType::kNumber},
                                           {"median (range)", ColumnType::kText}});
    } else {
        r.columns.insert(r.columns.end(), {{"yes", ColumnType::kInteger},
                                           {"percent", ColumnType::kNumber, 1},
                                           {"n (%)", ColumnType::kText}});
    }
    r.columns.push_back({"p", ColumnType::kPValue});
    const auto labels = groups.labels();
    const auto order = groups.display_order();
    for (Stratum& st : strata) {
        st.values.resize(groups.size());
        st.yes.resize(groups.size(), 0);
        st.total.resize(groups.size(), 0);
        std::optional<double> p;
        std::string test;
        if (numeric) {
            if (groups.size() == 2) {
                const auto w = stats::wilcoxon_rank_sum(st.values[order[0]], st.values[order[1]]);
                p = w.p;
                test = w.method;
                if (!w.not_computable.empty()) test = w.not_computable;
                for (const auto& warning : w.warnings)
                    r.notes.push_back(st.label + ": " + warning);
            } else {
                test = "not computable: Mann-Whitney compares two groups, found " +
                       std::to_string(groups.size());
            }
        } else {
            stats::CountTable table;
            for (size_t g : order)
                table.push_back({st.yes[g], st.total[g] - st.yes[g]});
            // Fisher's exact test, or chi-squared (as R's chisq.test, no correction beyond
            // 2 x 2) when three or more large groups make the enumeration too big.
            const auto c = stats::category_test(table);
            p = c.p;
            if (c.method == "Fisher") {
                test = "Fisher's exact test";
            } else if (c.method == "chi-squared") {
                // The reason reads "not computable: WHY; use the chi-squared test".
                std::string why = c.fisher_reason;
                if (why.rfind("not computable: ", 0) == 0) why.erase(0, 16);
                if (const auto cut = why.find("; use the chi-squared test");
                    cut != std::string::npos)
                    why.erase(cut);
                test =
                    "Pearson's chi-squared test (Fisher's exact test not computable: " + why + ")";
            } else {
                test = c.method;
            }
        }
        r.notes.push_back(st.label + ": " + test);
        for (size_t k = 0; k < order.size(); ++k) {
            const size_t g = order[k];
            std::vector<Value> row = {st.label, labels[k]};
            if (numeric) {
                const auto d = stats::describe(st.values[g]);
                auto opt = [](const std::optional<double>& v) { return v ? Value{*v} : Value{}; };
                row.insert(row.end(), {Value{d.n}, opt(d.median), opt(d.min), opt(d.max),
                                       median_range_text(st.values[g])});
            } else {
                const double pct = st.total[g] > 0 ? 100.0 * static_cast<double>(st.yes[g]) /
                                                         static_cast<double>(st.total[g])
                                                   : std::nan("");
                row.insert(row.end(), {Value{st.total[g]}, Value{st.yes[g]}, Value{pct},
                                       count_percent_text(st.yes[g], st.total[g])});
            }
            row.push_back(k == 0 ? p_or_null(p) : Value{});
            r.rows.push_back(std::move(row));
        }
    }
    if (numeric) {
        for (size_t k = 3; k < 6; ++k)
            fit_decimals(r.columns, r.rows, k);
    }
    if (groups.missing() > 0) {
        r.notes.push_back(std::to_string(groups.missing()) + " patients without a value for " +
                          cmp.by->label + " are left out");
    }
    if (missing_values > 0) {
        r.notes.push_back(std::to_string(missing_values) + " patient values of " + measure.label +
                          " are missing and left out");
    }
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
