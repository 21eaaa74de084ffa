// cox: Cox proportional-hazards regression of OS or PFS on covariates, with the PH check.
#include <memory>

#include "derive/patient_measures.h"
#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/gradability.h"
#include "query/model_design.h"
#include "query/model_figure.h"
#include "query/model_text.h"
#include "stats/cox.h"

namespace dayzero::query {

QueryResult Evaluator::cox(const CheckedStatement& c, const checked::Cox& s) {
    const bool os = to_lower(s.ast->endpoint.name) == "os";
    ModelDesign design(s.covariates);
    stats::CoxData data;
    int64_t without_follow_up = 0;
    GradedPass pass(any_reads_grading(covariate_exprs(s.covariates)), s.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const derive::SurvivalTime& st = os ? ctx.scalar_measures().os : ctx.scalar_measures().pfs;
        const auto months = st.months();
        if (!months) {
            ++without_follow_up;
            return;
        }
        if (!design.add(ctx)) return;
        data.time.push_back(*months);
        data.event.push_back(st.event);
    });
    data.design = design.build();
    const stats::CoxFit fit = stats::cox_regression(data);
    // At a diverging estimate the PH test has no fixed value: it is not run.
    bool diverging = false;
    for (const auto& k : fit.coefficients)
        diverging = diverging || k.may_be_infinite;
    stats::ZphResult zph;
    if (diverging) {
        zph.not_computable = "not tested: an estimate is infinite";
    } else {
        zph = stats::cox_zph(data, fit);
    }

    QueryResult r;
    const std::string endpoint = os ? "overall survival" : "progression-free survival";
    r.title =
        "Cox regression of " + endpoint + " on " + covariate_list(s.covariates) + " (Efron ties)";
    r.columns = coefficient_columns("HR");
    r.columns.push_back({"p (PH)", ColumnType::kPValue});
    auto figure = std::make_shared<ModelFigure>();
    figure->title = "Cox regression: " + std::string(os ? "OS" : "PFS");
    figure->ratio_name = "Hazard ratio";
    figure->interval = "95% CI (Wald)";
    figure->n = fit.n;
    figure->events = fit.events;
    std::vector<bool> first_of_term(data.design.columns.size(), false);
    for (size_t j = 0; j < data.design.columns.size(); ++j) {
        first_of_term[j] = j == 0 || data.design.term_of[j] != data.design.term_of[j - 1];
    }
    for (size_t j = 0; j < fit.coefficients.size(); ++j) {
        const stats::Coefficient& k = fit.coefficients[j];
        std::vector<Value> row = coefficient_row(k);
        Value ph;
        if (first_of_term[j]) {
            for (const auto& z : zph.rows) {
                if (z.term == data.design.terms[data.design.term_of[j]] && z.p) ph = *z.p;
            }
        }
        row.push_back(ph);
        r.rows.push_back(std::move(row));
        figure->rows.push_back(forest_row(k, k.lower, k.upper));
    }
    if (!fit.not_computable.empty()) r.notes.push_back(fit.not_computable);
    r.notes.push_back("n = " + std::to_string(fit.n) + ", events = " + std::to_string(fit.events));
    if (fit.not_computable.empty()) {
        r.notes.push_back(model_tests_text({{"likelihood ratio test", fit.likelihood_ratio},
                                            {"Wald test", fit.wald},
                                            {"score (log-rank) test", fit.score}}));
        std::string iterations =
            "Newton-Raphson: " + std::string(fit.converged ? "converged" : "stopped") + " after " +
            std::to_string(fit.iterations) + " iterations";
        r.notes.push_back(iterations);
        for (const auto& w : fit.warnings)
            r.notes.push_back("warning: " + w);
        if (!zph.not_computable.empty()) {
            r.notes.push_back("proportional hazards: " + zph.not_computable);
        } else if (!zph.rows.empty() && zph.rows.back().p) {
            r.notes.push_back("proportional hazards (cox.zph, transform km): global chisq = " +
                              rounded_text(*zph.rows.back().chisq) + " on " +
                              number_text(*zph.rows.back().df) + " df, " +
                              p_text(*zph.rows.back().p) +
                              "; p (PH) per covariate in the table (small p: the hazard ratio "
                              "changes over time)");
        }
    }
    for (const auto& note : design.reference_notes())
        r.notes.push_back(note);
    r.notes.push_back(std::string(os ? "OS: infusion to death, censored at last follow-up"
                                     : "PFS: infusion to relapse or death, censored at last "
                                       "follow-up") +
                      "; time in months");
    add_left_out_notes(r, without_follow_up, "without follow-up", design.incomplete());
    pass.add_note(r.notes);
    add_definition_notes(c, r);
    r.model = std::move(figure);
    return r;
}

}  // namespace dayzero::query
