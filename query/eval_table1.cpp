// table1: a baseline-characteristics table by group in one statement, each row with its test
// and a Bonferroni-adjusted p over all rows that have one.
#include <algorithm>
#include <cmath>
#include <optional>

#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/grouping.h"
#include "query/measures.h"
#include "stats/group_test.h"
#include "stats/p_adjust.h"

namespace dayzero::query {

namespace {

enum class ItemForm { kNumeric, kBinned, kCategorical, kCondition };

// The values one table1 item collected: numbers per group, or category counts per group.
struct ItemData {
    ItemForm form = ItemForm::kNumeric;
    std::vector<std::vector<double>> numbers;  // [group]
    std::vector<std::string> levels;           // categories, in display order
    std::vector<std::vector<int64_t>> counts;  // [level][group]
    int64_t missing = 0;
    bool graded = false;    // the item reads the CRS grading
    UngradedList ungraded;  // patients left out of this item: they cannot be graded
};

std::vector<std::string> bin_labels(const std::vector<double>& bins) {
    std::vector<std::string> labels = {"< " + number_text(bins.front())};
    for (size_t i = 0; i + 1 < bins.size(); ++i) {
        labels.push_back(number_text(bins[i]) + "-" + number_text(bins[i + 1]));
    }
    labels.push_back("> " + number_text(bins.back()));
    return labels;
}

// Bins are `< b0`, `b0..b1` (both ends included), ..., `> bn`.
size_t bin_of(double x, const std::vector<double>& bins) {
    if (x < bins.front()) return 0;
    for (size_t i = 0; i + 1 < bins.size(); ++i) {
        if (x <= bins[i + 1]) return i + 1;
    }
    return bins.size();
}

size_t level_index(ItemData& d, const std::string& level, size_t groups) {
    for (size_t i = 0; i < d.levels.size(); ++i) {
        if (d.levels[i] == level) return i;
    }
    d.levels.push_back(level);
    d.counts.emplace_back(groups, 0);
    return d.levels.size() - 1;
}

// Appends the p, adjusted-p (filled in later) and test cells of a row.
void append_test_cells(std::vector<Value>& row, const std::optional<double>& p,
                       const std::string& test) {
    Value p_cell;
    if (p) p_cell = *p;
    row.push_back(std::move(p_cell));
    row.emplace_back();
    row.emplace_back(test);
}

// The item's numbers per group, in display order.
std::vector<std::vector<double>> ordered_numbers(const ItemData& d,
                                                 const std::vector<size_t>& order) {
    std::vector<std::vector<double>> out;
    for (const size_t g : order)
        out.push_back(g < d.numbers.size() ? d.numbers[g] : std::vector<double>{});
    return out;
}

// The test column: the test's name, or why it could not be computed.
std::string test_cell(const stats::GroupTestResult& g) {
    return g.not_computable.empty() ? g.test : g.not_computable;
}

}  // namespace

QueryResult Evaluator::table1(const CheckedStatement& c, const checked::Table1& t) {
    const ast::Table1Stmt& s = *t.ast;
    auto cell = [&](int64_t n, int64_t total) {
        return s.ci ? count_percent_ci_text(n, total) : count_percent_text(n, total);
    };
    Groups groups(t.by.get());
    // First pass over patients collects per-group values; categories are found on the way.
    std::vector<ItemData> data(t.items.size());
    std::vector<int64_t> group_n;
    for (size_t i = 0; i < t.items.size(); ++i) {
        const BoundExpr& e = *t.items[i];
        if (!s.items[i].bins.empty()) {
            data[i].form = ItemForm::kBinned;
            data[i].levels = bin_labels(s.items[i].bins);
        } else if (e.type == ValueType::kBool) {
            data[i].form = ItemForm::kCondition;
        } else if (e.type == ValueType::kText || e.categorical) {
            data[i].form = ItemForm::kCategorical;
        }
        data[i].graded = reads_grading(e);
    }
    // A graded `by` or scope leaves a patient that cannot be graded out of the table; a graded
    // item only out of its own row.
    GradedPass pass(any_reads_grading({t.by}), t.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const int g = groups.index_of(evaluate(*t.by, ctx));
        if (g < 0) return;
        const auto gi = static_cast<size_t>(g);
        if (group_n.size() <= gi) group_n.resize(gi + 1, 0);
        ++group_n[gi];
        for (size_t i = 0; i < t.items.size(); ++i) {
            ItemData& d = data[i];
            if (d.graded && !ctx.gradable()) {
                d.ungraded.add(ctx.id());
                continue;
            }
            const Value v = evaluate(*t.items[i], ctx);
            if (std::holds_alternative<std::monostate>(v)) {
                ++d.missing;
                continue;
            }
            if (d.numbers.size() <= gi) d.numbers.resize(gi + 1);
            for (auto& row : d.counts)
                row.resize(std::max(row.size(), gi + 1), 0);
            // Numbers are kept for every numeric item: grades and bins may ask for a numeric test.
            if (const auto x = as_number(v)) d.numbers[gi].push_back(*x);
            switch (d.form) {
                case ItemForm::kNumeric:
                    break;
                case ItemForm::kBinned: {
                    if (d.counts.empty()) d.counts.assign(d.levels.size(), {});
                    for (auto& row : d.counts)
                        row.resize(std::max(row.size(), gi + 1), 0);
                    ++d.counts[bin_of(*as_number(v), s.items[i].bins)][gi];
                    break;
                }
                case ItemForm::kCondition:
                case ItemForm::kCategorical: {
                    const size_t l = level_index(d, group_label(v), gi + 1);
                    d.counts[l].resize(std::max(d.counts[l].size(), gi + 1), 0);
                    ++d.counts[l][gi];
                    break;
                }
            }
        }
    });
    const size_t ng = groups.size();
    group_n.resize(ng, 0);
    const auto order = groups.display_order();
    const auto labels = groups.labels();

    QueryResult r;
    r.title = "Table 1 by " + t.by->label;
    r.columns = {{"characteristic", ColumnType::kText}};
    for (size_t k = 0; k < ng; ++k) {
        r.columns.push_back(
            {labels[k] + " (n=" + std::to_string(group_n[order[k]]) + ")", ColumnType::kText});
    }
    r.columns.insert(r.columns.end(), {{"p", ColumnType::kPValue},
                                       {"p (Bonferroni)", ColumnType::kPValue},
                                       {"test", ColumnType::kText}});
    std::vector<std::optional<double>> raw;
    std::vector<size_t> p_rows;
    for (size_t i = 0; i < t.items.size(); ++i) {
        ItemData& d = data[i];
        d.numbers.resize(ng);
        for (auto& row : d.counts)
            row.resize(ng, 0);
        const std::string& label = s.items[i].label;
        std::optional<double> p;
        std::string test;
        if (d.form == ItemForm::kNumeric) {
            std::vector<Value> row = {label + ", median (range)"};
            for (size_t k = 0; k < ng; ++k)
                row.emplace_back(median_range_text(d.numbers[order[k]]));
            const auto g = stats::numeric_group_test(ordered_numbers(d, order), t.tests[i]);
            p = g.p;
            test = test_cell(g);
            r.rows.push_back(std::move(row));
        } else {
            // Conditions show only their "yes" row; categories show a header row then levels.
            stats::CountTable table;
            for (const auto& counts : d.counts) {
                std::vector<int64_t> line;
                for (size_t k = 0; k < ng; ++k)
                    line.push_back(counts[order[k]]);
                table.push_back(line);
            }
            const stats::TestChoice choice = t.tests[i];
            const auto g = choice == stats::TestChoice::kDefault || stats::is_category_test(choice)
                               ? stats::category_group_test(table, choice)
                               : stats::numeric_group_test(ordered_numbers(d, order), choice);
            p = g.p;
            test = test_cell(g);
            if (g.reason.rfind("Fisher", 0) == 0)
                r.notes.push_back(label + ": chi-squared, because " + g.reason);
            if (d.form == ItemForm::kCondition) {
                std::vector<Value> row = {label + ", n (%)"};
                const size_t yes = level_index(d, "yes", ng);
                d.counts[yes].resize(ng, 0);
                for (size_t k = 0; k < ng; ++k) {
                    int64_t total = 0;
                    for (const auto& counts : d.counts)
                        total += counts[order[k]];
                    row.emplace_back(cell(d.counts[yes][order[k]], total));
                }
                r.rows.push_back(std::move(row));
            } else {
                std::vector<Value> header = {label + ", n (%)"};
                header.resize(1 + ng);
                r.rows.push_back(std::move(header));
                std::vector<size_t> level_order(d.levels.size());
                for (size_t l = 0; l < level_order.size(); ++l)
                    level_order[l] = l;
                if (d.form == ItemForm::kCategorical) {
                    std::sort(level_order.begin(), level_order.end(),
                              [&](size_t a, size_t b) { return d.levels[a] < d.levels[b]; });
                }
                for (size_t l : level_order) {
                    std::vector<Value> row = {"  " + d.levels[l]};
                    for (size_t k = 0; k < ng; ++k) {
                        int64_t total = 0;
                        for (const auto& counts : d.counts)
                            total += counts[order[k]];
                        row.emplace_back(cell(d.counts[l][order[k]], total));
                    }
                    row.resize(row.size() + 3);
                    r.rows.push_back(std::move(row));
                }
                // p belongs on the header row of the category block.
                const size_t header_row = r.rows.size() - level_order.size() - 1;
                r.rows[header_row].resize(1 + ng);
                append_test_cells(r.rows[header_row], p, test);
                raw.push_back(p);
                p_rows.push_back(header_row);
                if (d.missing > 0) {
                    r.notes.push_back(label + ": " + std::to_string(d.missing) + " missing");
                }
                if (d.ungraded.count() > 0) r.notes.push_back(d.ungraded.left_out_note(label));
                continue;
            }
        }
        append_test_cells(r.rows.back(), p, test);
        raw.push_back(p);
        p_rows.push_back(r.rows.size() - 1);
        if (d.missing > 0) r.notes.push_back(label + ": " + std::to_string(d.missing) + " missing");
        if (d.ungraded.count() > 0) r.notes.push_back(d.ungraded.left_out_note(label));
    }
    const auto adjusted = stats::p_adjust(raw, stats::AdjustMethod::kBonferroni);
    const size_t adj_col = 1 + ng + 1;
    for (size_t k = 0; k < p_rows.size(); ++k) {
        if (adjusted[k]) r.rows[p_rows[k]][adj_col] = *adjusted[k];
    }
    if (std::string note = groups.left_out_note(); !note.empty())
        r.notes.push_back(std::move(note));
    pass.add_note(r.notes);
    // Rows whose test is not computable are no tests (p.adjust with NA does the same): the note
    // counts what the p-values were multiplied by.
    const auto tests =
        std::count_if(raw.begin(), raw.end(), [](const auto& p) { return p.has_value(); });
    r.notes.push_back(
        "numbers: median (range), Mann-Whitney (Kruskal-Wallis for 3+ groups); categories: "
        "n (%), chi-squared without Yates when every expected count is at least 5, else Fisher; "
        "'using' sets a row's test; Bonferroni over " +
        std::to_string(tests) + (tests == 1 ? " test" : " tests"));
    if (s.ci) r.notes.push_back("[low-high]: exact (Clopper-Pearson) 95% CI of the percentage");
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
