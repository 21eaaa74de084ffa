// logistic: logistic regression of a yes/no condition on covariates.
#include <memory>

#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/model_design.h"
#include "query/model_figure.h"
#include "query/model_text.h"
#include "stats/logistic.h"

namespace dayzero::query {

QueryResult Evaluator::logistic(const CheckedStatement& c, const checked::Logistic& s) {
    ModelDesign design(s.covariates);
    stats::LogisticData data;
    int64_t without_outcome = 0;
    std::vector<BoundPtr> exprs = covariate_exprs(s.covariates);
    exprs.push_back(s.outcome);
    GradedPass pass(any_reads_grading(exprs), s.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const Value outcome = evaluate(*s.outcome, ctx);
        const auto* yes = std::get_if<bool>(&outcome);
        if (yes == nullptr) {
            ++without_outcome;
            return;
        }
        if (!design.add(ctx)) return;
        data.outcome.push_back(*yes);
    });
    data.design = design.build();
    const stats::LogisticFit fit = stats::logistic_regression(data);

    QueryResult r;
    r.title = "Logistic regression of " + s.outcome->label + " on " + covariate_list(s.covariates);
    r.columns = coefficient_columns("OR");
    r.columns.push_back({"wald_lower", ColumnType::kNumber, 3});
    r.columns.push_back({"wald_upper", ColumnType::kNumber, 3});
    auto figure = std::make_shared<ModelFigure>();
    figure->title = "Logistic regression: " + s.outcome->label;
    figure->ratio_name = "Odds ratio";
    figure->interval = "95% CI (profile likelihood)";
    figure->n = fit.n;
    figure->events = fit.events;
    for (size_t j = 0; j < fit.coefficients.size(); ++j) {
        stats::Coefficient k = fit.coefficients[j];
        const std::optional<double> wald_lower = k.lower, wald_upper = k.upper;
        // The main interval is R's confint(): profile likelihood; Wald beside it.
        k.lower = j < fit.profile_lower.size() ? fit.profile_lower[j] : std::nullopt;
        k.upper = j < fit.profile_upper.size() ? fit.profile_upper[j] : std::nullopt;
        if (k.may_be_infinite) k.lower = k.upper = std::nullopt;
        std::vector<Value> row = coefficient_row(k);
        Value wald_low, wald_high;
        if (!k.may_be_infinite && wald_lower) wald_low = *wald_lower;
        if (!k.may_be_infinite && wald_upper) wald_high = *wald_upper;
        row.push_back(std::move(wald_low));
        row.push_back(std::move(wald_high));
        r.rows.push_back(std::move(row));
        if (j > 0) figure->rows.push_back(forest_row(k, k.lower, k.upper));
    }
    if (!fit.not_computable.empty()) r.notes.push_back(fit.not_computable);
    r.notes.push_back("n = " + std::to_string(fit.n) + ", events (" + s.outcome->label +
                      ") = " + std::to_string(fit.events));
    if (fit.not_computable.empty()) {
        r.notes.push_back(model_tests_text({{"likelihood ratio test", fit.likelihood_ratio}}) +
                          "; residual deviance " + rounded_text(*fit.deviance) + ", AIC " +
                          rounded_text(*fit.aic));
        r.notes.push_back("IRLS: " + std::string(fit.converged ? "converged" : "stopped") +
                          " after " + std::to_string(fit.iterations) +
                          " iterations; lower_95/upper_95: profile likelihood (R's confint), "
                          "wald_lower/wald_upper: Wald");
        for (const auto& w : fit.warnings)
            r.notes.push_back("warning: " + w);
    }
    for (const auto& note : design.reference_notes())
        r.notes.push_back(note);
    add_left_out_notes(r, without_outcome, "without a value of " + s.outcome->label,
                       design.incomplete());
    pass.add_note(r.notes);
    add_definition_notes(c, r);
    r.model = std::move(figure);
    return r;
}

}  // namespace dayzero::query
