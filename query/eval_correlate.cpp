// correlate: Pearson's or Spearman's correlation of two measures over the patients who have both.
#include "query/cell_text.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "stats/correlation.h"

namespace dayzero::query {

QueryResult Evaluator::correlate(const CheckedStatement& c, const checked::Correlate& s) {
    std::vector<double> x, y;
    int64_t missing = 0;
    GradedPass pass(any_reads_grading({s.x, s.y}), s.scope);
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        const auto a = as_number(evaluate(*s.x, ctx));
        const auto b = as_number(evaluate(*s.y, ctx));
        if (!a || !b) {
            ++missing;
            return;
        }
        x.push_back(*a);
        y.push_back(*b);
    });
    stats::CorrelationOptions options;
    options.method = s.method;
    const stats::CorrelationResult cor = stats::correlation_test(x, y, options);
    const bool pearson = s.method == stats::CorrelationMethod::kPearson;
    QueryResult r;
    r.title = "Correlation of " + s.x->label + " with " + s.y->label;
    r.columns = {{"method", ColumnType::kText},
                 {"n", ColumnType::kInteger},
                 {pearson ? "r" : "rho", ColumnType::kNumber, 3},
                 {"95% CI", ColumnType::kInterval},
                 {pearson ? "t" : "S", ColumnType::kNumber, pearson ? 3 : 1},
                 {"p", ColumnType::kPValue}};
    auto opt = [](const std::optional<double>& v) { return v ? Value{*v} : Value{}; };
    r.rows.push_back({std::string(pearson ? "Pearson" : "Spearman"), static_cast<int64_t>(cor.n),
                      opt(cor.estimate),
                      cor.conf_low ? Value{interval_text(cor.conf_low, cor.conf_high)} : Value{},
                      opt(cor.statistic), opt(cor.p)});
    if (!cor.not_computable.empty()) r.notes.push_back(cor.not_computable);
    r.notes.push_back(pearson ? "Pearson's product-moment correlation, as cor.test; 95% CI by "
                                "Fisher's z"
                              : std::string("Spearman's rank correlation rho, as cor.test; p ") +
                                    (cor.exact ? "from the exact null distribution (AS 89)"
                                               : "from the t approximation"));
    for (const auto& w : cor.warnings)
        r.notes.push_back(w);
    if (missing > 0) {
        r.notes.push_back(std::to_string(missing) + " patients without both values are left out");
    }
    pass.add_note(r.notes);
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
