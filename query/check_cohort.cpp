// Checking the statements over the cohort: count, summarize, compare, table1, foldchange, roc,
// survival. Each binds its clauses in the order the original single checker did, so the first
// error a statement reports is unchanged.
#include "query/cell_text.h"
#include "query/check_statements.h"
#include "query/definitions.h"
#include "query/engine_state.h"
#include "query/query_error.h"
#include "text/suggest.h"

namespace dayzero::query {

namespace {

[[noreturn]] void type_error(const std::string& message, const ast::SourcePos& pos) {
    throw QueryError(ErrorKind::kType, message, pos);
}

// The test `using NAME` selects, checked against the variable: count tables for conditions,
// text and bins, numbers for numeric tests (grades allow both).
stats::TestChoice test_choice(const std::optional<ast::NameRef>& name, const BoundExpr& e,
                              bool binned) {
    if (!name) return stats::TestChoice::kDefault;
    const auto choice = stats::test_choice_from_name(name->name);
    if (!choice) {
        std::string names;
        for (const auto& n : stats::test_choice_names())
            names += (names.empty() ? "" : ", ") + n;
        throw QueryError(ErrorKind::kUnknownName,
                         "no test '" + name->name + "' (use " + names + ")" +
                             text::did_you_mean(name->name, stats::test_choice_names()),
                         name->pos, static_cast<int>(name->name.size()));
    }
    const bool numbers = e.type == ValueType::kNumber;
    const bool counts = e.type != ValueType::kNumber || e.categorical || binned;
    if (stats::is_category_test(*choice) ? !counts : !numbers) {
        type_error("test '" + name->name + "' needs " +
                       (stats::is_category_test(*choice) ? "categories or a yes/no condition"
                                                         : "numbers") +
                       ", but '" + e.label + "' is " + type_name(e.type),
                   name->pos);
    }
    return *choice;
}

}  // namespace

checked::Count check_body(const ast::CountStmt& s, const CheckContext& cx) {
    checked::Count c;
    if (s.where) c.where = cx.binder.condition(s.where, "where");
    c.scope = cx.binder.conditions(s.scope, "within");
    if (s.by) c.by = cx.binder.bind(s.by);
    c.ci = s.ci;
    return c;
}

checked::Summarize check_body(const ast::SummarizeStmt& s, const CheckContext& cx) {
    checked::Summarize c;
    c.scope = cx.binder.conditions(s.scope, "within");
    if (s.by) c.by = cx.binder.bind(s.by);
    c.exprs = cx.binder.bind_all(s.exprs);
    for (size_t i = 0; i < c.exprs.size(); ++i) {
        if (c.exprs[i]->type != ValueType::kNumber) {
            type_error("summarize needs numbers, but '" + s.exprs[i]->text + "' is " +
                           type_name(c.exprs[i]->type),
                       s.exprs[i]->pos);
        }
    }
    return c;
}

checked::Compare check_body(const ast::CompareStmt& s, const CheckContext& cx) {
    checked::Compare c;
    c.strata = cx.binder.conditions(s.strata, "within");
    c.by = cx.binder.bind(s.by);
    c.measure = cx.binder.bind(s.measure);
    c.test = test_choice(s.test, *c.measure, false);
    // Categories follow table1's rule unless a numeric test is asked for (grades are numbers).
    c.categories = c.measure->type != ValueType::kNumber ||
                   (c.measure->categorical &&
                    !(c.test != stats::TestChoice::kDefault && !stats::is_category_test(c.test)));
    return c;
}

checked::Table1 check_body(const ast::Table1Stmt& s, const CheckContext& cx) {
    checked::Table1 c;
    c.ast = &s;
    c.scope = cx.binder.conditions(s.scope, "within");
    c.by = cx.binder.bind(s.by);
    for (const auto& item : s.items) {
        // Unsorted or repeated cut points would make categories whose labels name other values.
        for (size_t i = 1; i < item.bins.size(); ++i) {
            if (!(item.bins[i - 1] < item.bins[i])) {
                type_error("the bins of '" + item.label + "' must increase, but " +
                               number_text(item.bins[i]) + " follows " +
                               number_text(item.bins[i - 1]),
                           item.expr->pos);
            }
        }
        c.items.push_back(cx.binder.bind(item.expr));
        c.tests.push_back(test_choice(item.test, *c.items.back(), !item.bins.empty()));
    }
    return c;
}

checked::Fold check_body(const ast::FoldStmt& s, const CheckContext& cx) {
    checked::Fold c;
    c.analyte = s.analyte.name;
    c.scope = cx.binder.conditions(s.scope, "within");
    const store::EventKind lab = store::EventKind::kLab;
    cx.catalog().code(s.analyte, &lab);
    return c;
}

checked::Roc check_body(const ast::RocStmt& s, const CheckContext& cx) {
    checked::Roc c;
    c.scope = cx.binder.conditions(s.scope, "within");
    c.score = cx.binder.bind(s.score);
    c.outcome = cx.binder.condition(s.outcome, "roc ... for");
    if (c.score->type != ValueType::kNumber) {
        type_error("roc needs a numeric marker, but '" + s.score->text + "' is " +
                       type_name(c.score->type),
                   s.score->pos);
    }
    return c;
}

checked::Survival check_body(const ast::SurvivalStmt& s, const CheckContext& cx) {
    checked::Survival c;
    c.ast = &s;
    c.scope = cx.binder.conditions(s.scope, "within");
    if (s.by) c.by = cx.binder.bind(s.by);  // without `by`: one group of every patient
    const std::string endpoint = to_lower(s.endpoint.name);
    if (endpoint != "os" && endpoint != "pfs") {
        throw QueryError(ErrorKind::kUnknownName,
                         "no survival endpoint '" + s.endpoint.name + "' (use os or pfs)" +
                             text::did_you_mean(s.endpoint.name, {"os", "pfs"}),
                         s.endpoint.pos, static_cast<int>(s.endpoint.name.size()));
    }
    if (!s.at_unit.empty() && !minutes_per_unit(s.at_unit)) {
        type_error("'" + s.at_unit + "' is not a unit of time", cx.statement.pos);
    }
    return c;
}

}  // namespace dayzero::query
