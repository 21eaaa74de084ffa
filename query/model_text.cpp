#include "query/model_text.h"

#include "query/cell_text.h"

namespace dayzero::query {

std::string covariate_list(const std::vector<checked::Covariate>& covariates) {
    std::string out;
    for (const auto& c : covariates)
        out += (out.empty() ? "" : ", ") + c.expr->label;
    return out;
}

std::vector<BoundPtr> covariate_exprs(const std::vector<checked::Covariate>& covariates) {
    std::vector<BoundPtr> out;
    for (const auto& c : covariates)
        out.push_back(c.expr);
    return out;
}

std::vector<Column> coefficient_columns(const std::string& ratio) {
    return {{"covariate", ColumnType::kText},     {ratio, ColumnType::kNumber, 3},
            {"lower_95", ColumnType::kNumber, 3}, {"upper_95", ColumnType::kNumber, 3},
            {"p", ColumnType::kPValue},           {"coef", ColumnType::kNumber, 4},
            {"se", ColumnType::kNumber, 4}};
}

namespace {

Value opt(const std::optional<double>& v) {
    return v ? Value{*v} : Value{};
}

}  // namespace

std::vector<Value> coefficient_row(const stats::Coefficient& k) {
    // A diverging estimate has no ratio, interval or p worth printing; coef and se stay, so
    // the size of the divergence is visible beside the warning that names it.
    if (k.may_be_infinite) return {k.name, {}, {}, {}, {}, opt(k.estimate), opt(k.std_error)};
    return {k.name,   opt(k.ratio),    opt(k.lower),    opt(k.upper),
            opt(k.p), opt(k.estimate), opt(k.std_error)};
}

ForestRow forest_row(const stats::Coefficient& k, std::optional<double> lower,
                     std::optional<double> upper) {
    return {k.name, k.ratio, lower, upper, k.p, k.may_be_infinite};
}

std::string p_text(double p) {
    const std::string text = format_p_value(p);
    return text[0] == '<' ? "p " + text : "p = " + text;
}

std::string model_tests_text(const std::vector<std::pair<std::string, stats::ModelTest>>& tests) {
    std::string out;
    for (const auto& [name, t] : tests) {
        out += out.empty() ? "" : "; ";
        if (!t.statistic || !t.p) {
            out += name + " not computable";
            continue;
        }
        out += name + " = " + rounded_text(*t.statistic) + " on " + number_text(*t.df) + " df, " +
               p_text(*t.p);
    }
    return out;
}

void add_left_out_notes(QueryResult& r, int64_t without_outcome, const std::string& why,
                        int64_t incomplete) {
    if (without_outcome > 0) {
        r.notes.push_back(std::to_string(without_outcome) + " patients " + why + " are left out");
    }
    if (incomplete > 0) {
        r.notes.push_back(std::to_string(incomplete) +
                          " patients with a missing covariate are left out (complete cases, "
                          "as R's na.omit)");
    }
}

}  // namespace dayzero::query
